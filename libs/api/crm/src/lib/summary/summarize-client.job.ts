import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { ClientSummaryService, SUMMARIZE_CLIENT_JOB, SummarizeClientJobData } from './client-summary.service';

/** E7: one "Summarise" — collect the client's messages, ask the provider, save (ClientSummaryService.run). */
@Injectable()
@JobProcessor({ queue: QueueName.ai, name: SUMMARIZE_CLIENT_JOB })
export class SummarizeClientJob implements JobHandler<SummarizeClientJobData> {
  constructor(private readonly summaries: ClientSummaryService) {}

  async handle(data: SummarizeClientJobData): Promise<void> {
    await this.summaries.run(data.runId);
  }
}
