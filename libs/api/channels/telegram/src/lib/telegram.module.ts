import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelInboundModule } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { TELEGRAM_POLL_EVERY_MS, TELEGRAM_POLL_JOB, TelegramPoller, TelegramPollJob } from './telegram-poller';
import { TelegramChannelAdapter } from './telegram.adapter';

/** The Telegram channel, loaded in API and worker processes (the registry of each finds the adapter; workers run the poll job). */
@Module({
  imports: [ChannelInboundModule],
  providers: [TelegramChannelAdapter, TelegramPoller, TelegramPollJob],
  exports: [TelegramChannelAdapter, TelegramPoller],
})
export class TelegramChannelModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // polling-mode channels: the API processes enqueue the slot, any worker runs it
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, TELEGRAM_POLL_JOB, TELEGRAM_POLL_EVERY_MS);
  }
}
