import { Controller, Inject, Options, Post, Req, Res } from '@nestjs/common';
import { ChannelsService } from '@parley/api/channels/core';
import { AttachmentsService, answerError, ConversationsService, tooLarge } from '@parley/api/conversations';
import { DomainException, unauthenticated } from '@parley/api/platform/graphql';
import { TokenService } from '@parley/api/platform/auth';
import { MemorySharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { ErrorCode, MAX_ATTACHMENT_BYTES, VISITOR_TOKEN_HEADER, VISITOR_UPLOAD_BURST, VISITOR_UPLOADS_PER_MINUTE } from '@parley/shared/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { VisitorEntity } from './visitor.entity';

/** The upload limit's bucket of a visitor (shared by every API process when REDIS_URL is set). */
export const uploadBucketKey = (visitorId: string): string => `uploads:${visitorId}`;

/**
 * The widget's upload (SPEC A9): `POST /api/visitor/attachments?name=…` with the raw file as the
 * body and the visitor token in the `X-Parley-Visitor-Token` header (never in the URL). Any site
 * embeds the widget, so it answers CORS without credentials. Rate-limited per visitor: one token
 * bucket in Redis for all API processes (SharedState), in memory without REDIS_URL — and in memory
 * too while Redis does not answer, so uploads stay limited per process rather than fail.
 */
@Controller('api/visitor/attachments')
export class VisitorAttachmentsController {
  private readonly fallback = new MemorySharedState();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly attachments: AttachmentsService,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly channels: ChannelsService,
    private readonly conversations: ConversationsService,
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
      const channel = await this.channels.findById(visitor.workspaceId, visitor.channelId);
      if (!channel?.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');
      if (!(await this.take(visitor.id))) throw new DomainException(ErrorCode.RateLimited, 'You are sending files too fast. Please wait a moment.');
      const length = Number(req.headers['content-length']);
      if (Number.isFinite(length) && length > MAX_ATTACHMENT_BYTES) throw tooLarge();
      // a deleted (merged) conversation takes no files: the upload waits for the visitor's next one
      const conv = visitor.conversationId ? await this.conversations.findById(visitor.workspaceId, visitor.conversationId) : null;
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

  private async take(visitorId: string): Promise<boolean> {
    const key = uploadBucketKey(visitorId);
    try {
      return await this.shared.take(key, VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST);
    } catch {
      return this.fallback.take(key, VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST);
    }
  }
}

function cors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Vary', 'Origin');
}
