import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { ConversationsModule } from '../conversations.module';
import { ConversationToolsResolver, NotesResolver, NotificationFieldsResolver, QuickRepliesResolver } from './agent-tools.resolver';
import { ClientHistoryService } from './client-history.service';
import { ContactTimelineService } from './contact-timeline.service';
import { MergeService } from './merge.service';
import { NotesService } from './notes.service';
import { NotificationsService } from './notifications.service';
import { ParticipantsService } from './participants.service';
import { QuickRepliesService } from './quick-replies.service';

/** The agent's daily tools (issue 4): quick replies, private notes and mentions, transfer/invite, merge. */
@Module({
  imports: [ConversationsModule, ContactsModule, IdentityModule],
  providers: [QuickRepliesService, NotesService, NotificationsService, ParticipantsService, MergeService, ContactTimelineService, ClientHistoryService, QuickRepliesResolver, NotesResolver, ConversationToolsResolver, NotificationFieldsResolver],
  exports: [ParticipantsService, NotesService, NotificationsService, ClientHistoryService],
})
export class AgentToolsModule {}
