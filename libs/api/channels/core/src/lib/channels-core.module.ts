import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelEntity } from './channel.entity';
import { ChannelsService } from './channels.service';
import { ChannelsResolver, ConversationChannelResolver } from './conversation-channel.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ChannelEntity])],
  providers: [ChannelsService, ConversationChannelResolver, ChannelsResolver],
  exports: [ChannelsService],
})
export class ChannelsCoreModule {}
