import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { createAsyncQueue, EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import DataLoader from 'dataloader';
import { ConversationConnectionObject, ConversationObject } from '../dto/conversation.object';
import { canSee } from '../services/conversation-events';
import { ConversationsService } from '../services/conversations.service';
import {
  AddNoteInput,
  CreateQuickReplyInput,
  DeleteQuickReplyInput,
  InviteToConversationInput,
  MarkNotificationsReadInput,
  MergeConversationsInput,
  NoteObject,
  NotificationConnectionObject,
  NotificationKind,
  NotificationObject,
  QuickReplyConnectionObject,
  QuickReplyObject,
  TeammateObject,
  TransferConversationInput,
  UpdateQuickReplyInput,
} from './agent-tools.dto';
import { NoteEvent, NotificationEvent, ToolTopics } from './agent-tools.events';
import { ContactTimelineService } from './contact-timeline.service';
import { MergeService } from './merge.service';
import { NotesService } from './notes.service';
import { NotificationsService } from './notifications.service';
import { ParticipantsService } from './participants.service';
import { QuickRepliesService } from './quick-replies.service';

/** SPEC A8: quick replies. */
@Resolver(() => QuickReplyObject)
export class QuickRepliesResolver {
  constructor(private readonly service: QuickRepliesService) {}

  @Query(() => QuickReplyConnectionObject, { description: 'Shared and the caller’s personal quick replies by shortcut; `query` filters by shortcut prefix.' })
  async quickReplies(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @Args('query', { type: () => String, nullable: true }) query: string | undefined,
  ): Promise<QuickReplyConnectionObject> {
    const page = await this.service.list(user, first, after, query);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  }

  @Mutation(() => QuickReplyObject, { description: 'Shared: admins and supervisors. Personal: any operator who replies. Shortcut unique per scope (CONFLICT).' })
  createQuickReply(@CurrentUser() user: AuthUser, @Args('input') input: CreateQuickReplyInput): Promise<QuickReplyObject> {
    return this.service.create(user, input);
  }

  @Mutation(() => QuickReplyObject)
  updateQuickReply(@CurrentUser() user: AuthUser, @Args('input') input: UpdateQuickReplyInput): Promise<QuickReplyObject> {
    return this.service.update(user, input);
  }

  @Mutation(() => Boolean)
  deleteQuickReply(@CurrentUser() user: AuthUser, @Args('input') input: DeleteQuickReplyInput): Promise<boolean> {
    return this.service.remove(user, input.id);
  }
}

const reviveNote = (e: NoteEvent): NoteObject => ({ ...e.note, createdAt: new Date(e.note.createdAt) });

/** SPEC A11: private notes; notifications of mentions, invitations and transfers. */
@Resolver(() => NoteObject)
export class NotesResolver {
  constructor(
    private readonly notes: NotesService,
    private readonly inbox: NotificationsService,
    private readonly conversations: ConversationsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [NoteObject], { description: 'Notes placed after messages fromSeq…toSeq (inclusive, open ends when omitted), thread order; at most 500.' })
  conversationNotes(
    @CurrentUser() user: AuthUser,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('fromSeq', { type: () => Int, nullable: true }) fromSeq: number | undefined,
    @Args('toSeq', { type: () => Int, nullable: true }) toSeq: number | undefined,
  ): Promise<NoteObject[]> {
    return this.notes.list(user, conversationId, fromSeq, toSeq);
  }

  @Mutation(() => NoteObject, { description: 'A private note (never sent to the visitor); idempotent on clientId; @Name mentions notify. Observers: FORBIDDEN.' })
  addNote(@CurrentUser() user: AuthUser, @Args('input') input: AddNoteInput): Promise<NoteObject> {
    return this.notes.add(user, input.conversationId, input.clientId, input.body);
  }

  @Subscription(() => NoteObject, { description: 'New notes of one conversation the caller may see.', resolve: (e: NoteEvent) => reviveNote(e) })
  async noteAdded(@CurrentUser() user: AuthUser, @Args('conversationId', { type: () => ID }) conversationId: string): Promise<AsyncIterableIterator<NoteEvent>> {
    await this.conversations.getForOperator(user, conversationId);
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<NoteEvent>(() => off());
    off = await this.bus.subscribe<NoteEvent>(ToolTopics.notes(conversationId), (e) => {
      if (canSee(user, e)) queue.push(e);
    });
    return queue.iterator;
  }

  @Query(() => NotificationConnectionObject, { description: 'The caller’s notifications, newest first, with the unread count.' })
  notifications(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<NotificationConnectionObject> {
    return this.inbox.list(user, first, after);
  }

  @Mutation(() => Int, { description: 'Marks the given (or all) notifications read; returns the unread count left.' })
  markNotificationsRead(@CurrentUser() user: AuthUser, @Args('input') input: MarkNotificationsReadInput): Promise<number> {
    return this.inbox.markRead(user, input.ids);
  }

  @Subscription(() => NotificationObject, {
    description: 'The caller’s new notifications.',
    resolve: (e: NotificationEvent): NotificationObject => ({ id: e.id, kind: e.kind as NotificationKind, conversationId: e.conversationId, taskId: e.taskId ?? null, contactId: e.contactId ?? null, actorName: e.actorName, preview: e.preview, readAt: null, createdAt: new Date(e.createdAt) }),
  })
  async notificationAdded(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<NotificationEvent>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<NotificationEvent>(() => off());
    off = await this.bus.subscribe<NotificationEvent>(ToolTopics.notifications(user.operatorId), (e) => queue.push(e));
    return queue.iterator;
  }
}

/** `Notification.contactName`: whom the notification is about, named as on every screen (issue #17); one query per request. */
@Resolver(() => NotificationObject)
export class NotificationFieldsResolver {
  constructor(private readonly inbox: NotificationsService) {}

  @ResolveField(() => String, { nullable: true, description: 'The conversation’s contact (or a task’s client) as the inbox names it (an anonymous visitor’s pseudonym until the name is known); null without either.' })
  contactName(@Parent() n: NotificationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<string | null> | null {
    if (!n.conversationId && n.contactId) {
      return loaderFor(ctx, 'notificationClientNames', () => new DataLoader<string, string | null>((ids) => this.inbox.clientNamesOf(user.workspaceId, ids))).load(n.contactId);
    }
    if (!n.conversationId) return null;
    return loaderFor(ctx, 'notificationContactNames', () => new DataLoader<string, string | null>((ids) => this.inbox.contactNamesOf(user.workspaceId, ids))).load(n.conversationId);
  }
}

/** SPEC B7 and merging: transfer, invite, participants, merge, the client's timeline. */
@Resolver(() => ConversationObject)
export class ConversationToolsResolver {
  constructor(
    private readonly people: ParticipantsService,
    private readonly merges: MergeService,
    private readonly timeline: ContactTimelineService,
  ) {}

  @Query(() => [TeammateObject], { description: 'Operators of the caller’s workspace (mentions, transfer, invite).' })
  teammates(@CurrentUser() user: AuthUser): Promise<TeammateObject[]> {
    return this.people.teammates(user);
  }

  @Mutation(() => ConversationObject, { description: 'Hands the conversation to another operator. Agents: only their own. Observers: FORBIDDEN.' })
  transferConversation(@CurrentUser() user: AuthUser, @Args('input') input: TransferConversationInput): Promise<ConversationObject> {
    return this.people.transfer(user, input.conversationId, input.operatorId);
  }

  @Mutation(() => ConversationObject, { description: 'Adds a second operator to the conversation: they see it and may write in it.' })
  inviteToConversation(@CurrentUser() user: AuthUser, @Args('input') input: InviteToConversationInput): Promise<ConversationObject> {
    return this.people.invite(user, input.conversationId, input.operatorId);
  }

  @Mutation(() => ConversationObject, { description: 'Merges the secondary conversation into the primary (same client). Audited.' })
  mergeConversations(@CurrentUser() user: AuthUser, @Args('input') input: MergeConversationsInput): Promise<ConversationObject> {
    return this.merges.merge(user, input.primaryId, input.secondaryId);
  }

  @Query(() => ConversationConnectionObject, { description: 'The client’s conversations on every channel the caller may see, newest first (keyset: after = endCursor).' })
  async contactConversations(
    @CurrentUser() user: AuthUser,
    @Args('contactId', { type: () => ID }) contactId: string,
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<ConversationConnectionObject> {
    const page = await this.timeline.contactConversations(user, contactId, first, after);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  }

  @ResolveField(() => [TeammateObject], { description: 'Operators invited into the conversation (not the assignee).' })
  async participants(@Parent() c: ConversationObject & { participantIds?: string[] }, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<TeammateObject[]> {
    const ids = c.participantIds ?? [];
    if (!ids.length) return [];
    const loader = loaderFor(ctx, 'teammates', () => new DataLoader<string, TeammateObject | null>(async (keys) => {
      const all = await this.people.teammates(user);
      return byKeys(keys, all, (t) => t.id);
    }));
    return (await loader.loadMany(ids)).filter((t): t is TeammateObject => !!t && !(t instanceof Error));
  }
}
