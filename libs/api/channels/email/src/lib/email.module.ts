import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelInboundModule, ChannelsCoreModule } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { ConversationsModule } from '@parley/api/conversations';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { EmailChannelAdapter } from './email.adapter';
import { ContactEmailFieldsResolver } from './contact-email-fields.resolver';
import { EmailInboundSmtp } from './email-inbound-smtp';
import { EmailIdleWatcher } from './email-idle';
import { EmailSplitResolver } from './email-split.resolver';
import { EMAIL_POLL_TICK_MS, EmailPoller, POLL_EMAIL_MAILBOXES_JOB, PollEmailMailboxesJob, PollEmailMailboxJob } from './email-poller';

/**
 * The e-mail channel, loaded in API and worker processes: the adapter (the registry of each finds
 * it), the mailbox poller and its jobs run wherever jobs run; API processes schedule the tick.
 */
@Module({
  imports: [ChannelsCoreModule, ChannelInboundModule, ConversationsModule],
  providers: [EmailChannelAdapter, EmailPoller, PollEmailMailboxesJob, PollEmailMailboxJob, EmailInboundSmtp, ContactEmailFieldsResolver, EmailIdleWatcher, EmailSplitResolver],
  exports: [EmailChannelAdapter, EmailPoller, EmailInboundSmtp, EmailIdleWatcher],
})
export class EmailChannelModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, POLL_EMAIL_MAILBOXES_JOB, EMAIL_POLL_TICK_MS);
  }
}
