import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, raw, Request, Response } from 'express';

/** Largest webhook body a channel's provider may send (Telegram's and WhatsApp's are a few KB). */
export const CHANNEL_WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Issue #10: channel webhooks keep their body as the exact bytes received (a provider signs those
 * bytes: WhatsApp's X-Hub-Signature-256), whatever the content type, up to 1 MB; a larger one is
 * answered 413 and never read further. Installed before the app-wide JSON parser, which then skips it.
 */
export function installChannelWebhookBody(app: NestExpressApplication): void {
  // …and so do the acquirers' webhooks (issue #12, E5: Stripe signs the exact bytes of its event)
  app.use([/^\/api\/channels\/[^/]+\/webhook\/?$/, /^\/api\/webhooks\/[^/]+\/[^/]+\/?$/], raw({ type: () => true, limit: CHANNEL_WEBHOOK_BODY_LIMIT }), (err: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.too.large' || err?.status === 413) {
      res.status(413).json({ message: `The webhook body is larger than ${CHANNEL_WEBHOOK_BODY_LIMIT / 1024} KB.`, code: 'PAYLOAD_TOO_LARGE' });
      return;
    }
    next(err);
  });
}
