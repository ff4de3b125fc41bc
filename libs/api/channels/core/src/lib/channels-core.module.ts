import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHANNEL_CAPABILITIES } from '@parley/api/conversations';
import { ChannelRegistry } from './adapter/channel-registry';
import { ChannelEntity } from './channel.entity';
import { ChannelsService } from './channels.service';
import { ChannelsResolver, ConversationChannelResolver } from './conversation-channel.resolver';

/** Global so the conversations domain gets CHANNEL_CAPABILITIES (its port) without importing channels. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity]), DiscoveryModule],
  providers: [ChannelsService, ConversationChannelResolver, ChannelsResolver, ChannelRegistry, { provide: CHANNEL_CAPABILITIES, useExisting: ChannelRegistry }],
  exports: [ChannelsService, ChannelRegistry, CHANNEL_CAPABILITIES],
})
export class ChannelsCoreModule {}
