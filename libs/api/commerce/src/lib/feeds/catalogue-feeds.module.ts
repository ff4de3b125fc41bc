import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityModule } from '@parley/api/identity';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { randomUUID } from 'node:crypto';
import { CatalogueFeedUploadController } from './catalogue-feed-upload.controller';
import { CatalogueFeedsResolver } from './catalogue-feeds.resolver';
import { CatalogueFeedsService, SWEEP_CATALOGUE_FEEDS_EVERY_MS, SWEEP_CATALOGUE_FEEDS_JOB } from './catalogue-feeds.service';
import { ImportCatalogueFeedJob, SweepCatalogueFeedsJob } from './import-catalogue-feed.job';

/**
 * Issue #12 (E10): catalogue import from XML feeds — its own module beside CommerceModule (the
 * commerce domain; it writes the products, categories and prices tables raw, in batches). The
 * upload route and the resolver are for the API; the import and the sweep jobs run wherever
 * workers run.
 */
@Module({
  imports: [IdentityModule],
  controllers: [CatalogueFeedUploadController],
  providers: [CatalogueFeedsService, CatalogueFeedsResolver, ImportCatalogueFeedJob, SweepCatalogueFeedsJob],
  exports: [CatalogueFeedsService],
})
export class CatalogueFeedsModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  /** The sweep now (imports that fell due while no API ran) and every minute. */
  onApplicationBootstrap(): void {
    if (this.config.mode !== 'api') return;
    this.queue.add(QueueName.maintenance, SWEEP_CATALOGUE_FEEDS_JOB, {}, { jobId: `${SWEEP_CATALOGUE_FEEDS_JOB}-start-${randomUUID()}` }).catch(() => undefined);
    this.queue.schedule(QueueName.maintenance, SWEEP_CATALOGUE_FEEDS_JOB, SWEEP_CATALOGUE_FEEDS_EVERY_MS);
  }
}
