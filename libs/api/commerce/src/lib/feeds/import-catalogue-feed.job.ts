import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { CatalogueFeedsService, IMPORT_CATALOGUE_FEED_JOB, ImportCatalogueFeedJobData, SWEEP_CATALOGUE_FEEDS_JOB } from './catalogue-feeds.service';

/** E10: one import of a catalogue feed — fetch or read the file, parse, upsert (CatalogueFeedsService.execute). */
@Injectable()
@JobProcessor({ queue: QueueName.catalogue, name: IMPORT_CATALOGUE_FEED_JOB })
export class ImportCatalogueFeedJob implements JobHandler<ImportCatalogueFeedJobData> {
  constructor(private readonly feeds: CatalogueFeedsService) {}

  async handle(data: ImportCatalogueFeedJobData): Promise<void> {
    await this.feeds.execute(data.runId);
  }
}

/** E10: every minute, and at start: scheduled re-imports that are due; runs a crash left behind end failed. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: SWEEP_CATALOGUE_FEEDS_JOB })
export class SweepCatalogueFeedsJob implements JobHandler<Record<string, never>> {
  constructor(private readonly feeds: CatalogueFeedsService) {}

  async handle(): Promise<void> {
    await this.feeds.sweep();
  }
}
