import { Module } from '@nestjs/common';
import { ChannelsCoreModule } from '@parley/api/channels/core';
import { ContactsModule } from '@parley/api/contacts';
import { ContactAcquisitionService } from '../contact-acquisition.service';
import { ConversationsModule } from '@parley/api/conversations';
import { IdentityModule } from '@parley/api/identity';
import { WebchatChannelModule } from '../webchat.adapter';
import { ConsentController } from './consent.controller';
import { ContactMailFieldsResolver } from './contact-mail-fields.resolver';
import { MarketingConsentService } from './marketing-consent.service';
import { OfflineFormService } from './offline-form.service';
import { VisitorReplyEmailJob, VisitorReplyEmailListener } from './visitor-reply-email.job';
import { WebchatMailSettingsResolver } from './webchat-mail-settings.resolver';
import { WebchatMailSettingsService } from './webchat-mail-settings.service';

/**
 * Web chat features that send e-mail (SPEC C2, C7, C8). Loaded in API and worker processes: the
 * reply e-mail job runs wherever jobs run; the listener and the HTTP/GraphQL parts act in the API.
 */
@Module({
  imports: [ChannelsCoreModule, ContactsModule, ConversationsModule, IdentityModule, WebchatChannelModule],
  providers: [ContactAcquisitionService, WebchatMailSettingsService, WebchatMailSettingsResolver, MarketingConsentService, OfflineFormService, VisitorReplyEmailJob, VisitorReplyEmailListener, ContactMailFieldsResolver],
  controllers: [ConsentController],
  exports: [WebchatMailSettingsService, OfflineFormService, MarketingConsentService],
})
export class WebchatMailModule {}
