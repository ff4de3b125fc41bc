import { Controller, Options, Post, Req, Res } from '@nestjs/common';
import { AttachmentsService, answerError, tooLarge } from '@parley/api/conversations';
import { DomainException, unauthenticated } from '@parley/api/platform/graphql';
import { TokenService } from '@parley/api/platform/auth';
import { ErrorCode, MAX_ATTACHMENT_BYTES, VISITOR_TOKEN_HEADER, VISITOR_UPLOAD_BURST, VISITOR_UPLOADS_PER_MINUTE } from '@parley/shared/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { TokenBucket } from './token-bucket';
import { VisitorEntity } from './visitor.entity';

/** Visitors tracked for the upload rate limit before the oldest are forgotten. */
const MAX_TRACKED_VISITORS = 10_000;

/**
 * The widget's upload (SPEC A9): `POST /api/visitor/attachments?name=…` with the raw file as the
 * body and the visitor token in the `X-Parley-Visitor-Token` header (never in the URL). Any site
 * embeds the widget, so it answers CORS without credentials. Rate-limited per visitor.
 */
@Controller('api/visitor/attachments')
export class VisitorAttachmentsController {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Options()
  preflight(@Res() res: Response): void {
    cors(res);
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', `content-type, ${VISITOR_TOKEN_HEADER}`);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  }

  @Post()
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    cors(res);
    try {
      const raw = req.headers[VISITOR_TOKEN_HEADER];
      const claims = typeof raw === 'string' && raw.length < 2000 ? this.tokens.verifyVisitorToken(raw) : null;
      if (!claims) throw unauthenticated('Open the chat again to send files');
      const visitor = await this.db.getRepository(VisitorEntity).findOne({ where: { id: claims.visitorId, channelId: claims.channelId, workspaceId: claims.workspaceId } });
      if (!visitor) throw unauthenticated('Open the chat again to send files');
      const [channel] = await this.db.query(`SELECT active FROM channels WHERE id = $1`, [visitor.channelId]);
      if (!channel?.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');
      if (!this.bucket(visitor.id).take()) throw new DomainException(ErrorCode.RateLimited, 'You are sending files too fast. Please wait a moment.');
      const length = Number(req.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_ATTACHMENT_BYTES) throw tooLarge();
      const [conv] = await this.db.query(`SELECT c.id FROM conversations c WHERE c.id = $1 AND c.deleted_at IS NULL`, [visitor.conversationId]);
      const a = await this.attachments.upload(req, {
        workspaceId: visitor.workspaceId,
        conversationId: conv?.id ?? null,
        uploaderType: 'visitor',
        uploaderId: visitor.id,
        name: req.query['name'],
        declaredLength: Number.isFinite(length) ? length : undefined,
      });
      res.status(201).json({ attachment: this.attachments.forUploader(a) });
    } catch (e) {
      answerError(req, res, e);
    }
  }

  private bucket(visitorId: string): TokenBucket {
    let b = this.buckets.get(visitorId);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED_VISITORS) this.buckets.delete(this.buckets.keys().next().value as string);
      b = new TokenBucket(VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST);
      this.buckets.set(visitorId, b);
    }
    return b;
  }
}

function cors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Vary', 'Origin');
}
