import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { HistoryService } from '../services/history.service';

export const PURGE_DELETED_CONVERSATIONS_JOB = 'purge-deleted-conversations';
export type PurgeDeletedConversationsJobData = { now?: string };

/** Deletes for good the conversations soft-deleted longer ago than HISTORY_RETENTION_DAYS. Enqueued at start and every hour. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: PURGE_DELETED_CONVERSATIONS_JOB })
export class PurgeDeletedConversationsJob implements JobHandler<PurgeDeletedConversationsJobData> {
  private readonly logger = new Logger(PurgeDeletedConversationsJob.name);

  constructor(private readonly history: HistoryService) {}

  async handle(data: PurgeDeletedConversationsJobData): Promise<void> {
    const removed = await this.history.purgeDeleted(data.now ? new Date(data.now) : new Date());
    if (removed) this.logger.log(`purged ${removed} deleted conversations`);
  }
}
