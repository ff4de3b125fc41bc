import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { ConversationsModule } from '@parley/api/conversations';
import { IdentityModule } from '@parley/api/identity';
import { AuditModule } from '@parley/api/platform/audit';
import { ChannelAdminResolver } from '../admin/channel-admin.resolver';
import { ChannelsCoreModule } from '../channels-core.module';
import { ChannelMessageSender } from '../outbound/channel-message.sender';
import { ChannelMessageEditSender } from '../outbound/channel-message-edit.sender';
import { DeliveryStatusService } from '../outbound/delivery-status.service';
import { ChannelWebhookController } from '../webhook/channel-webhook.controller';
import { ChannelInboundService } from './channel-inbound.service';
import { ChannelLinkResolver } from './channel-link.resolver';

/**
 * The message flow every channel library imports (kept out of the global ChannelsCoreModule, which
 * conversations relies on): inbound (`receive`, the webhook route), outbound (the outbox sender of
 * channel messages), delivery statuses and the generic channel admin API.
 */
@Module({
  imports: [ChannelsCoreModule, ContactsModule, ConversationsModule, IdentityModule, AuditModule],
  controllers: [ChannelWebhookController],
  providers: [ChannelInboundService, ChannelMessageSender, ChannelMessageEditSender, DeliveryStatusService, ChannelAdminResolver, ChannelLinkResolver],
  exports: [ChannelInboundService, DeliveryStatusService],
})
export class ChannelInboundModule {}
