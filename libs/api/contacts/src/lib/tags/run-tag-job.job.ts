import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { RUN_TAG_JOB, RunTagJobData, TagAdminService } from './tag-admin.service';

/** E1: an admin's tag rename / recolour / delete over every client, in set-based batches. */
@Injectable()
@JobProcessor({ queue: QueueName.tags, name: RUN_TAG_JOB })
export class RunTagJob implements JobHandler<RunTagJobData> {
  constructor(private readonly admin: TagAdminService) {}

  async handle(data: RunTagJobData): Promise<void> {
    await this.admin.run(data.jobId);
  }
}
