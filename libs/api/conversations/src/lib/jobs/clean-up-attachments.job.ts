import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { AttachmentCleanupService } from '../attachments/attachment-cleanup.service';

export const CLEAN_UP_ATTACHMENTS_JOB = 'clean-up-attachments';
export const CLEAN_UP_ATTACHMENTS_EVERY_MS = 15 * 60_000;
export type CleanUpAttachmentsJobData = { now?: string };

/** Removes uploads never sent and the files of attachments whose rows are gone (SPEC A9). Enqueued at start and every 15 minutes. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: CLEAN_UP_ATTACHMENTS_JOB })
export class CleanUpAttachmentsJob implements JobHandler<CleanUpAttachmentsJobData> {
  constructor(private readonly cleanup: AttachmentCleanupService) {}

  async handle(data: CleanUpAttachmentsJobData): Promise<void> {
    await this.cleanup.run(data.now ? new Date(data.now) : new Date());
  }
}
