import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHANNEL_CAPABILITIES, CONVERSATION_CONTACT_MOVES, OUTBOUND_MESSAGES } from '@parley/api/conversations';
import { ChannelContactMoves } from './adapter/channel-contact-moves';
import { ChannelOutboundQueue } from './outbound/channel-outbound.queue';
import { ChannelSecrets } from './secrets/channel-secrets';
import { ChannelLoader } from './webhook/channel-loader';
import { ChannelRegistry } from './adapter/channel-registry';
import { ChannelEntity } from './channel.entity';
import { ChannelsService } from './channels.service';
import { ChannelsResolver, ConversationChannelResolver, MessageChannelRefResolver } from './conversation-channel.resolver';
import { ChannelLinkService } from './inbound/channel-links';

/** Global so the conversations domain gets its ports (CHANNEL_CAPABILITIES, OUTBOUND_MESSAGES, CONVERSATION_CONTACT_MOVES) without importing channels. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity]), DiscoveryModule],
  providers: [
    ChannelsService,
    ConversationChannelResolver,
    ChannelsResolver,
    MessageChannelRefResolver,
    ChannelRegistry,
    ChannelSecrets,
    ChannelLoader,
    ChannelOutboundQueue,
    ChannelLinkService,
    { provide: CHANNEL_CAPABILITIES, useExisting: ChannelRegistry },
    { provide: OUTBOUND_MESSAGES, useExisting: ChannelOutboundQueue },
    ChannelContactMoves,
    { provide: CONVERSATION_CONTACT_MOVES, useExisting: ChannelContactMoves },
  ],
  exports: [ChannelsService, ChannelRegistry, ChannelSecrets, ChannelLoader, ChannelLinkService, CHANNEL_CAPABILITIES, OUTBOUND_MESSAGES, CONVERSATION_CONTACT_MOVES],
})
export class ChannelsCoreModule {}
