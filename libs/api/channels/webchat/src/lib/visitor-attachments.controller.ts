import { Controller, Options, Post, Req, Res } from '@nestjs/common';
import { AttachmentsService, answerError, ConversationsService, tooLarge } from '@parley/api/conversations';
import { MAX_ATTACHMENT_BYTES, VISITOR_UPLOAD_BURST, VISITOR_UPLOADS_PER_MINUTE } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { cors, preflight, VisitorHttpGate } from './visitor-http-gate';

/** The upload limit's bucket of a visitor (shared by every API process when REDIS_URL is set). */
export const uploadBucketKey = (visitorId: string): string => `uploads:${visitorId}`;

/**
 * The widget's upload (SPEC A9): `POST /api/visitor/attachments?name=…` with the raw file as the
 * body and the visitor token in the `X-Parley-Visitor-Token` header (never in the URL). Any site
 * embeds the widget, so it answers CORS without credentials. Token, visitor, channel and the
 * per-visitor limit: VisitorHttpGate.
 */
@Controller('api/visitor/attachments')
export class VisitorAttachmentsController {
  constructor(
    private readonly gate: VisitorHttpGate,
    private readonly attachments: AttachmentsService,
    private readonly conversations: ConversationsService,
  ) {}

  @Options()
  preflight(@Res() res: Response): void {
    preflight(res);
  }

  @Post()
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    cors(res);
    try {
      const visitor = await this.gate.admit(req, {
        bucket: uploadBucketKey,
        perMinute: VISITOR_UPLOADS_PER_MINUTE,
        burst: VISITOR_UPLOAD_BURST,
        unauthenticated: 'Open the chat again to send files',
        tooFast: 'You are sending files too fast. Please wait a moment.',
      });
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
}
