import { Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { ConversationEntity } from './entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';
import { PURGE_DELETED_CONVERSATIONS_JOB, PurgeDeletedConversationsJob } from './jobs/purge-deleted-conversations.job';
import { ConversationsResolver } from './resolvers/conversations.resolver';
import { HistoryResolver } from './resolvers/history.resolver';
import { InboxSubscriptionResolver } from './resolvers/inbox-subscription.resolver';
import { SearchResolver } from './resolvers/search.resolver';
import { ConversationsService } from './services/conversations.service';
import { HistoryService } from './services/history.service';
import { SearchService } from './services/search.service';
import { ConversationLiveService } from './services/conversation-live.service';
import { ConversationLiveResolver } from './resolvers/conversation-live.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, MessageEntity]), ContactsModule, IdentityModule],
  providers: [
    ConversationsService,
    ConversationsResolver,
    InboxSubscriptionResolver,
    SearchService,
    SearchResolver,
    HistoryService,
    HistoryResolver,
    PurgeDeletedConversationsJob,
    ConversationLiveService,
    ConversationLiveResolver,
  ],
  exports: [ConversationsService, ConversationLiveService],
})
export class ConversationsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode !== 'api') return;
    // one job per hour slot: several API replicas enqueue the same jobId, BullMQ keeps one
    const enqueue = () => {
      const slot = Math.floor(Date.now() / 3_600_000);
      this.queue.add(QueueName.maintenance, PURGE_DELETED_CONVERSATIONS_JOB, {}, { jobId: `purge-conversations-${slot}` }).catch(() => undefined);
    };
    enqueue();
    this.timer = setInterval(enqueue, 3_600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
