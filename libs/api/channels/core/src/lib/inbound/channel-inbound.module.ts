import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { ConversationsModule } from '@parley/api/conversations';
import { ChannelsCoreModule } from '../channels-core.module';
import { ChannelMessageSender } from '../outbound/channel-message.sender';
import { DeliveryStatusService } from '../outbound/delivery-status.service';
import { ChannelWebhookController } from '../webhook/channel-webhook.controller';
import { ChannelInboundService } from './channel-inbound.service';

/**
 * The message flow every channel library imports (kept out of the global ChannelsCoreModule, which
 * conversations relies on): inbound (`receive`, the webhook route), outbound (the outbox sender of
 * channel messages) and delivery statuses.
 */
@Module({
  imports: [ChannelsCoreModule, ContactsModule, ConversationsModule],
  controllers: [ChannelWebhookController],
  providers: [ChannelInboundService, ChannelMessageSender, DeliveryStatusService],
  exports: [ChannelInboundService, DeliveryStatusService],
})
export class ChannelInboundModule {}
