import { Controller, Headers, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { isUuid } from '@parley/api/platform/graphql';
import { WebhookSignatureError } from './acquirer';
import { AcquirerRegistry } from './acquirer-registry';
import { AcquirerSettingsService } from './acquirer-settings.service';
import { PaymentLinksService } from './payment-links.service';

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
}

/**
 * Issue #12 (E5): an acquirer's webhook, `POST /api/webhooks/:kind/:workspaceId` (Stripe:
 * /api/webhooks/stripe/<workspace id>). The body arrives as the exact bytes sent (the app installs a
 * raw parser for this path: the signature is over them); a bad signature is 400 and changes
 * nothing; an event already processed is 200 and changes nothing.
 */
@Controller('api/webhooks')
export class AcquirerWebhookController {
  private readonly log = new Logger('AcquirerWebhook');

  constructor(
    private readonly registry: AcquirerRegistry,
    private readonly settings: AcquirerSettingsService,
    private readonly links: PaymentLinksService,
  ) {}

  @Post(':kind/:workspaceId')
  @HttpCode(200)
  async receive(
    @Param('kind') kind: string,
    @Param('workspaceId') workspaceId: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Req() req: { body?: unknown },
    @Res() res: JsonResponse,
  ): Promise<void> {
    const acquirer = this.registry.get(kind);
    if (!acquirer?.verifyWebhook || !isUuid(workspaceId)) return void res.status(404).json({ message: 'No such webhook', code: 'NOT_FOUND' });
    const raw = Buffer.isBuffer(req.body) ? req.body : null;
    if (!raw) return void res.status(400).json({ message: 'The webhook body was not received as bytes', code: 'BAD_USER_INPUT' });
    const { ctx } = await this.settings.context(workspaceId, acquirer);
    let event;
    try {
      event = acquirer.verifyWebhook(raw, headers, ctx);
    } catch (e) {
      if (e instanceof WebhookSignatureError) {
        this.log.warn(`${kind} webhook for workspace ${workspaceId} refused: ${e.message}`);
        return void res.status(400).json({ message: `Webhook signature check failed: ${e.message}`.slice(0, 300), code: 'BAD_SIGNATURE' });
      }
      throw e;
    }
    const outcome = await this.links.handleWebhookEvent(acquirer, workspaceId, event);
    res.status(200).json({ received: true, outcome });
  }
}
