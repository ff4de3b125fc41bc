import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { IdentityService } from '../services/identity.service';

export const PURGE_EXPIRED_SESSIONS_JOB = 'purge-expired-sessions';
export type PurgeExpiredSessionsJobData = { now?: string };

/** Deletes expired and long-revoked refresh tokens. Enqueued at start and every hour. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: PURGE_EXPIRED_SESSIONS_JOB })
export class PurgeExpiredSessionsJob implements JobHandler<PurgeExpiredSessionsJobData> {
  private readonly logger = new Logger(PurgeExpiredSessionsJob.name);

  constructor(private readonly identity: IdentityService) {}

  async handle(data: PurgeExpiredSessionsJobData): Promise<void> {
    const removed = await this.identity.purgeExpiredRefreshTokens(data.now ? new Date(data.now) : new Date());
    if (removed) this.logger.log(`purged ${removed} expired refresh tokens`);
  }
}
