import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, VisitorLimitSettings } from '@parley/api/platform/config';
import { DomainException } from '@parley/api/platform/graphql';
import { MemorySharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { ErrorCode } from '@parley/shared/contracts';

/** A refused take: how long until the bucket has a token again. */
export interface Refusal {
  message: string;
  retryAfterMs: number;
}

/**
 * The visitor limits that must hold across sockets and API processes (issue #16): messages per
 * visitor and per IP, new visitors per IP, new conversations per IP and per channel. One token
 * bucket per key in SharedState (Redis when REDIS_URL is set, the same mechanism as the upload
 * limit), in memory without it — and in memory too while Redis does not answer, so the limits
 * stay per process rather than fail.
 */
@Injectable()
export class VisitorLimits {
  private readonly fallback = new MemorySharedState();
  private readonly s: VisitorLimitSettings;

  constructor(@Inject(SHARED_STATE) private readonly shared: SharedState, config: AppConfig) {
    this.s = config.visitorLimits;
  }

  /** A message-like frame (send, edit, bot answer, offline form): per visitor (when known) and per IP. */
  async message(visitorId: string | undefined, ip: string | null): Promise<Refusal | null> {
    const tooFast = 'You are sending messages too fast. Please wait a moment.';
    if (visitorId) {
      const r = await this.take(`vmsg:${visitorId}`, this.s.messagesPerSecond, this.s.messageBurst, tooFast);
      if (r) return r;
    }
    return this.take(`vmsg-ip:${ip ?? 'unknown'}`, this.s.ipMessagesPerSecond, this.s.ipMessageBurst, tooFast);
  }

  /** `message` as a RATE_LIMITED exception with details.retryAfterMs (edit, offline form, bot start). */
  async limitMessage(visitorId: string | undefined, ip: string | null): Promise<void> {
    throwIf(await this.message(visitorId, ip));
  }

  /** Throws RATE_LIMITED (details.retryAfterMs) when a new visitor may not be created from this IP now. */
  async newVisitor(ip: string | null): Promise<void> {
    const perMinute = this.s.newVisitorsPerIpPerMinute;
    throwIf(await this.take(`vnew-ip:${ip ?? 'unknown'}`, perMinute / 60, perMinute, 'Too many new chats from your network. Please wait a moment.'));
  }

  /** Throws RATE_LIMITED (details.retryAfterMs) when a conversation may not start now (per IP, then per channel). */
  async newConversation(ip: string | null, channelId: string): Promise<void> {
    const msg = 'Too many new chats right now. Please try again in a moment.';
    const ipPerMinute = this.s.conversationsPerIpPerMinute;
    throwIf(await this.take(`vconv-ip:${ip ?? 'unknown'}`, ipPerMinute / 60, ipPerMinute, msg));
    const chPerMinute = this.s.conversationsPerChannelPerMinute;
    throwIf(await this.take(`vconv-ch:${channelId}`, chPerMinute / 60, chPerMinute, msg));
  }

  private async take(key: string, perSecond: number, burst: number, message: string): Promise<Refusal | null> {
    let ok: boolean;
    try {
      ok = await this.shared.take(key, perSecond, burst);
    } catch {
      ok = await this.fallback.take(key, perSecond, burst);
    }
    // an empty bucket has a token again within one refill interval
    return ok ? null : { message, retryAfterMs: Math.ceil(1000 / perSecond) };
  }
}

function throwIf(r: Refusal | null): void {
  if (r) throw new DomainException(ErrorCode.RateLimited, r.message, { retryAfterMs: r.retryAfterMs });
}
