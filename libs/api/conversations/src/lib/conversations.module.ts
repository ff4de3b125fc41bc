import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { ConversationEntity } from './entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';
import { ConversationsResolver } from './resolvers/conversations.resolver';
import { InboxSubscriptionResolver } from './resolvers/inbox-subscription.resolver';
import { ConversationsService } from './services/conversations.service';
import { ConversationLiveService } from './services/conversation-live.service';
import { ConversationLiveResolver } from './resolvers/conversation-live.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, MessageEntity]), ContactsModule, IdentityModule],
  providers: [ConversationsService, ConversationsResolver, InboxSubscriptionResolver, ConversationLiveService, ConversationLiveResolver],
  exports: [ConversationsService, ConversationLiveService],
})
export class ConversationsModule {}
