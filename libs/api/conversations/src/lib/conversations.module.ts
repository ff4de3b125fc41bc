import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CONTACT_EDIT_CONTEXT, ContactsModule } from '@parley/api/contacts';
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
import { APPLY_WORKING_HOURS_EVERY_MS, APPLY_WORKING_HOURS_JOB, ApplyWorkingHoursJob } from './routing/apply-working-hours.job';
import { AssignmentService } from './routing/assignment.service';
import { AvailabilityService } from './routing/availability.service';
import { ConversationGroupResolver, RoutingResolver } from './routing/routing.resolver';
import { RoutingService } from './routing/routing.service';
import { InboxQueryService } from './services/inbox-query.service';
import { InboxActionsService } from './services/inbox-actions.service';
import { InboxViewsResolver } from './resolvers/inbox-views.resolver';
import { WAKE_SNOOZED_CONVERSATIONS_JOB, WakeSnoozedConversationsJob } from './jobs/wake-snoozed-conversations.job';
import { AttachmentEntity } from './attachments/attachment.entity';
import { AttachmentSigner } from './attachments/attachment-signer';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';
import { GeneratedAttachmentsService } from './attachments/generated-attachments.service';
import { MessageAttachmentsResolver } from './attachments/message-attachments.resolver';
import { ConversationContactEditContext } from './services/conversation-contact-edit-context';
import { ConversationContactLinkService } from './services/conversation-contact-link.service';
import { ConversationsMergeStep } from './services/conversations-merge.step';
import { ContactLinkResolver } from './resolvers/contact-link.resolver';
import { AttachmentCleanupService } from './attachments/attachment-cleanup.service';
import { CLEAN_UP_ATTACHMENTS_EVERY_MS, CLEAN_UP_ATTACHMENTS_JOB, CleanUpAttachmentsJob } from './jobs/clean-up-attachments.job';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, MessageEntity, AttachmentEntity]), ContactsModule, IdentityModule],
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
    AssignmentService,
    AvailabilityService,
    RoutingService,
    RoutingResolver,
    ConversationGroupResolver,
    ApplyWorkingHoursJob,
    InboxQueryService,
    InboxActionsService,
    InboxViewsResolver,
    WakeSnoozedConversationsJob,
    AttachmentSigner,
    AttachmentsService,
    GeneratedAttachmentsService,
    MessageAttachmentsResolver,
    ConversationContactEditContext,
    ConversationContactLinkService,
    ConversationsMergeStep,
    ContactLinkResolver,
    // the contacts domain's port for contact edits made from a conversation (ContactEditModule)
    { provide: CONTACT_EDIT_CONTEXT, useExisting: ConversationContactEditContext },
    AttachmentCleanupService,
    CleanUpAttachmentsJob,
  ],
  controllers: [AttachmentsController],
  exports: [ConversationsService, ConversationLiveService, AssignmentService, AvailabilityService, AttachmentsService, GeneratedAttachmentsService, CONTACT_EDIT_CONTEXT],
})
export class ConversationsModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, PURGE_DELETED_CONVERSATIONS_JOB, 3_600_000);
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, APPLY_WORKING_HOURS_JOB, APPLY_WORKING_HOURS_EVERY_MS);
    // snooze enqueues a delayed wake-up; this sweep catches any lost with an in-process queue restart
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, WAKE_SNOOZED_CONVERSATIONS_JOB, 60_000);
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, CLEAN_UP_ATTACHMENTS_JOB, CLEAN_UP_ATTACHMENTS_EVERY_MS);
  }
}
