import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';

/**
 * Issue #10, loop protection: no automatic mail (a C7 answer, a confirmation, an automation's
 * e-mail on an e-mail channel) goes to one address more than AUTO_MAIL_PER_HOUR times an hour — a
 * token bucket of that many, refilled over the hour, shared by every process through Redis
 * (SHARED_STATE), so two auto-responders answering each other stop after a few rounds whichever
 * process sends. Mail an operator writes is never limited.
 */
@Injectable()
export class AutoMailLimiter {
  private readonly logger = new Logger('AutoMail');

  constructor(
    private readonly config: AppConfig,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  /** Takes one automatic mail to `address` from its hourly allowance; false (and logged) when it is used up. */
  async allow(address: string): Promise<boolean> {
    const perHour = this.config.autoMail.perHour;
    const key = address.trim().toLowerCase();
    if (!key) return false;
    if (perHour <= 0) return false;
    const ok = await this.shared.take(`auto-mail:${key}`, perHour / 3600, perHour);
    if (!ok) this.logger.warn(`not sending automatic mail to ${key.replace(/^(.).*(@.*)$/, '$1…$2')}: more than ${perHour} an hour (AUTO_MAIL_PER_HOUR)`);
    return ok;
  }
}
