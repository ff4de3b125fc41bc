import { All, Controller, Inject, Logger, Param, Req, Res } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { MemorySharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import type { Request, Response } from 'express';
import { WebhookRejectedError, WebhookRequest, WebhookResult } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelInboundService } from '../inbound/channel-inbound.service';
import { DeliveryStatusService } from '../outbound/delivery-status.service';
import { ChannelLoader } from './channel-loader';

/** Messages and statuses one webhook call may carry (WhatsApp batches up to a few hundred). */
const MAX_ITEMS_PER_CALL = 1000;

/**
 * Issue #10: the one public route every webhook channel is called on, `/api/channels/:id/webhook`
 * (GET for verification handshakes, POST for events). The body arrives as raw bytes (≤ 1 MB,
 * `installChannelWebhookBody`); the channel's adapter checks the signature or secret before
 * anything else (401, nothing stored) and reads the call; more calls per channel than the limit get
 * 429 with Retry-After (before the signature check); each message is stored exactly once
 * (`receive`, idempotent on the provider's message id) and each status moves its message. When
 * storing fails the answer is 500, so the provider delivers again — which is safe.
 */
@Controller('api/channels')
export class ChannelWebhookController {
  private readonly logger = new Logger('ChannelWebhook');
  /** The limit's buckets while Redis does not answer: per process rather than none. */
  private readonly fallback = new MemorySharedState();

  constructor(
    private readonly channels: ChannelLoader,
    private readonly registry: ChannelRegistry,
    private readonly inbound: ChannelInboundService,
    private readonly statuses: DeliveryStatusService,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly config: AppConfig,
  ) {}

  /**
   * The channel's webhook limit (CHANNEL_WEBHOOK_PER_SECOND, burst CHANNEL_WEBHOOK_BURST): one token
   * bucket per channel in SharedState (Redis when REDIS_URL is set, so it holds across API
   * processes). Null when the call may go on, else the seconds to wait (Retry-After).
   */
  private async limited(channelId: string): Promise<number | null> {
    const { perSecond, burst } = this.config.channelWebhookLimit;
    const key = `chwh:${channelId}`;
    let ok: boolean;
    try {
      ok = await this.shared.take(key, perSecond, burst);
    } catch {
      ok = await this.fallback.take(key, perSecond, burst);
    }
    return ok ? null : Math.max(1, Math.ceil(1 / perSecond));
  }

  @All(':channelId/webhook')
  async handle(@Param('channelId') channelId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const channel = await this.channels.load(channelId);
    const adapter = channel && this.registry.has(channel.type) ? this.registry.get(channel.type) : null;
    if (!channel || !adapter?.handleWebhook || !channel.active) {
      res.status(404).json({ message: 'No active channel with webhooks has this address', code: 'NOT_FOUND' });
      return;
    }
    // before the signature is checked: a flood of forged calls is limited too
    const retryAfter = await this.limited(channel.id);
    if (retryAfter !== null) {
      res.status(429).set('Retry-After', String(retryAfter)).json({ message: `Too many webhook calls for this channel; retry after ${retryAfter} s`, code: 'RATE_LIMITED' });
      return;
    }
    const call: WebhookRequest = {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v])),
      query: Object.fromEntries(Object.entries(req.query ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined])),
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    };
    let result: WebhookResult;
    try {
      result = await adapter.handleWebhook(channel, call);
    } catch (e) {
      if (e instanceof WebhookRejectedError) {
        // logged without the body: a forged call must not fill the log with what its sender chose
        this.logger.warn(`webhook of channel ${channel.id} (${channel.type}) refused: ${e.message}`);
        res.status(e.status).json({ message: e.message, code: 'UNAUTHENTICATED' });
        return;
      }
      this.logger.error(`webhook of channel ${channel.id} (${channel.type}) could not be read: ${(e as Error).message}`);
      res.status(500).json({ message: 'The webhook could not be processed', code: 'INTERNAL' });
      return;
    }
    try {
      for (const msg of (result.messages ?? []).slice(0, MAX_ITEMS_PER_CALL)) await this.inbound.receive(channel, msg);
      for (const st of (result.statuses ?? []).slice(0, MAX_ITEMS_PER_CALL)) await this.statuses.apply(channel, st);
    } catch (e) {
      this.logger.error(`webhook of channel ${channel.id} (${channel.type}): storing failed, the provider will retry: ${(e as Error).message}`);
      res.status(500).json({ message: 'Storing the webhook failed; retry later', code: 'INTERNAL' });
      return;
    }
    const answer: NonNullable<WebhookResult['response']> = result.response ?? { status: 200, body: {} };
    res.status(answer.status);
    if (answer.contentType) res.type(answer.contentType);
    if (typeof answer.body === 'string') res.send(answer.body);
    else res.json(answer.body ?? {});
  }
}
