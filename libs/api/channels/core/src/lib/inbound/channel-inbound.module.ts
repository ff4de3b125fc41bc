import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { ConversationsModule } from '@parley/api/conversations';
import { ChannelsCoreModule } from '../channels-core.module';
import { ChannelInboundService } from './channel-inbound.service';

/** The inbound flow every channel library imports (kept out of the global ChannelsCoreModule, which conversations relies on). */
@Module({
  imports: [ChannelsCoreModule, ContactsModule, ConversationsModule],
  providers: [ChannelInboundService],
  exports: [ChannelInboundService],
})
export class ChannelInboundModule {}
