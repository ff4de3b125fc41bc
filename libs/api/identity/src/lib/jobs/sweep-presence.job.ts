import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { OperatorPresenceService } from '../services/operator-presence.service';

export const SWEEP_PRESENCE_JOB = 'sweep-presence';

/**
 * Issue #17: Away, then Offline, for operators whose last connection has been gone long enough
 * (OperatorPresenceService.sweep). Enqueued every `presence.sweepEveryMs` by each API process with
 * the time slot as job id, so with several processes on one Redis the slot runs once, and nothing
 * is lost on a restart (the clock is in the database, not in a timer).
 */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: SWEEP_PRESENCE_JOB })
export class SweepPresenceJob implements JobHandler<Record<string, never>> {
  constructor(private readonly presence: OperatorPresenceService) {}

  async handle(): Promise<void> {
    await this.presence.sweep();
  }
}
