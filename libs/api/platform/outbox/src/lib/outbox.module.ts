import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { SWEEP_OUTBOUND_JOB } from './outbound-delivery';
import { OutboundSenderRegistry } from './outbound-sender';
import { DeliverOutboundJob, OutboxDrainer, SweepOutboundJob } from './outbox-drainer';
import { OutboxService } from './outbox.service';

/** Issue #9: every send that leaves Parley is a row of `outbound_deliveries`, drained by `deliver-outbound`. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxService, OutboundSenderRegistry, OutboxDrainer, DeliverOutboundJob, SweepOutboundJob],
  exports: [OutboxService, OutboxDrainer, OutboundSenderRegistry],
})
export class OutboxModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // like the other maintenance jobs: scheduled by API processes, run by whoever runs workers; the first sweep runs at start
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, SWEEP_OUTBOUND_JOB, this.config.outbox.sweepEveryMs);
  }
}
