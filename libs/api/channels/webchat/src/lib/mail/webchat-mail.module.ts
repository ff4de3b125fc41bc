import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelsCoreModule } from '@parley/api/channels/core';
import { ContactsModule } from '@parley/api/contacts';
import { VisitorConversationsModule } from '../visitor-conversations';
import { ConversationsModule } from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { IdentityModule } from '@parley/api/identity';
import { WebchatChannelModule } from '../webchat.adapter';
import { ConsentController } from './consent.controller';
import { ContactMailFieldsResolver } from './contact-mail-fields.resolver';
import { MarketingConsentService } from './marketing-consent.service';
import { OfflineFormService } from './offline-form.service';
import { VisitorReplyEmailJob, VisitorReplyEmailListener } from './visitor-reply-email.job';
import { SWEEP_VISITOR_REPLY_EMAILS_JOB, SweepVisitorReplyEmailsJob, VisitorReplyEmailSweep } from './visitor-reply-email-sweep.job';
import { WebchatMailSettingsResolver } from './webchat-mail-settings.resolver';
import { WebchatMailSettingsService } from './webchat-mail-settings.service';

/**
 * Web chat features that send e-mail (SPEC C2, C7, C8). Loaded in API and worker processes: the
 * reply e-mail job and its sweep run wherever jobs run; the listener, the sweep's schedule and the
 * HTTP/GraphQL parts act in the API.
 */
@Module({
  imports: [ChannelsCoreModule, ContactsModule, ConversationsModule, IdentityModule, WebchatChannelModule, VisitorConversationsModule],
  providers: [WebchatMailSettingsService, WebchatMailSettingsResolver, MarketingConsentService, OfflineFormService, VisitorReplyEmailJob, VisitorReplyEmailListener, VisitorReplyEmailSweep, SweepVisitorReplyEmailsJob, ContactMailFieldsResolver],
  controllers: [ConsentController],
  exports: [WebchatMailSettingsService, OfflineFormService, MarketingConsentService],
})
export class WebchatMailModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // issue #9: answers whose reply e-mail check was lost (crash, lost event, failed enqueue) are found by the sweep
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, SWEEP_VISITOR_REPLY_EMAILS_JOB, this.config.visitorReplyEmailSweep.everyMs);
  }
}
