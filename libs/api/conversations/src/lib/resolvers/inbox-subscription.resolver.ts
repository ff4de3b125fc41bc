import { Inject } from '@nestjs/common';
import { Args, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ConversationPriority } from '@parley/shared/contracts';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { InboxEventObject } from '../dto/inbox-event.object';
import { MessageObject } from '../dto/conversation.object';
import { canSee, InboxEventPayload, MessageSnapshot, shouldDeliver, Viewer } from '../services/conversation-events';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationsService } from '../services/conversations.service';

/** Revives the JSON dates of a bus message. */
export function reviveMessage(m: MessageSnapshot): MessageObject {
  return { ...m, createdAt: new Date(m.createdAt), editedAt: m.editedAt ? new Date(m.editedAt) : null };
}

/** The first event of an announcing subscription: its bus listeners are in place. */
const SUBSCRIBED = { kind: InboxEventKind.subscribed } as const;
type InboxStreamItem = InboxEventPayload | typeof SUBSCRIBED;

/** Revives the JSON dates of a bus payload into the shape the GraphQL types expect. */
function toInboxEvent(p: InboxStreamItem): InboxEventObject {
  if (!('conversation' in p)) return { kind: p.kind, conversation: null, message: null };
  return {
    kind: p.kind,
    conversation: { ...p.conversation, visitorReadSeq: p.conversation.visitorReadSeq ?? 0, operatorReadSeq: p.conversation.operatorReadSeq ?? 0, lastMessageAt: new Date(p.conversation.lastMessageAt), createdAt: new Date(p.conversation.createdAt), priority: p.conversation.priority ?? ConversationPriority.normal, snoozedUntil: p.conversation.snoozedUntil ? new Date(p.conversation.snoozedUntil) : null },
    message: p.message ? reviveMessage(p.message) : null,
  };
}

@Resolver(() => InboxEventObject)
export class InboxSubscriptionResolver {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
  ) {}

  @Subscription(() => InboxEventObject, {
    description: 'Every change to a conversation the caller may see: new messages, status and assignment changes.',
    resolve: (payload: InboxStreamItem) => toInboxEvent(payload),
  })
  async inboxEvent(
    @CurrentUser() user: AuthUser,
    @Args('announce', { type: () => Boolean, defaultValue: false, description: 'Send a `subscribed` event first, once the subscription receives every change: refetch lists on it, nothing after it is missed.' }) announce: boolean,
  ): Promise<AsyncIterableIterator<InboxStreamItem>> {
    // the caller's groups decide which queued chats they see (SPEC B4); reloaded when groups change
    let viewer: Viewer = await this.conversations.viewer(user);
    const offs: Array<() => void> = [];
    const queue = createAsyncQueue<InboxStreamItem>(() => offs.forEach((off) => off()));
    offs.push(
      await this.bus.subscribe<{ kind: string }>(Topics.operators(user.workspaceId), (e) => {
        if (e.kind === 'groups') void this.conversations.viewer(user).then((v) => (viewer = v)).catch(() => undefined);
      }),
    );
    offs.push(
      await this.bus.subscribe<InboxEventPayload>(Topics.inbox(user.workspaceId), (e) => {
        if (!shouldDeliver(viewer, e)) return;
        // it left what the caller may see (taken by someone else, moved to another group): drop it
        queue.push(canSee(viewer, e.conversation) || e.kind === InboxEventKind.conversation_deleted ? e : { ...e, kind: InboxEventKind.conversation_removed, message: null });
      }),
    );
    // both listeners are registered with the bus: a list fetched after this event misses nothing
    if (announce) queue.push(SUBSCRIBED);
    return queue.iterator;
  }
}
