import { Inject } from '@nestjs/common';
import { Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ConversationPriority } from '@parley/shared/contracts';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { InboxEventObject } from '../dto/inbox-event.object';
import { MessageObject } from '../dto/conversation.object';
import { InboxEventPayload, MessageSnapshot, shouldDeliver } from '../services/conversation-events';

/** Revives the JSON dates of a bus message. */
export function reviveMessage(m: MessageSnapshot): MessageObject {
  return { ...m, createdAt: new Date(m.createdAt), editedAt: m.editedAt ? new Date(m.editedAt) : null };
}

/** Revives the JSON dates of a bus payload into the shape the GraphQL types expect. */
function toInboxEvent(p: InboxEventPayload): InboxEventObject {
  return {
    kind: p.kind,
    conversation: { ...p.conversation, visitorReadSeq: p.conversation.visitorReadSeq ?? 0, operatorReadSeq: p.conversation.operatorReadSeq ?? 0, lastMessageAt: new Date(p.conversation.lastMessageAt), createdAt: new Date(p.conversation.createdAt), priority: p.conversation.priority ?? ConversationPriority.normal, snoozedUntil: p.conversation.snoozedUntil ? new Date(p.conversation.snoozedUntil) : null },
    message: p.message ? reviveMessage(p.message) : null,
  };
}

@Resolver(() => InboxEventObject)
export class InboxSubscriptionResolver {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  @Subscription(() => InboxEventObject, {
    description: 'Every change to a conversation the caller may see: new messages, status and assignment changes.',
    resolve: (payload: InboxEventPayload) => toInboxEvent(payload),
  })
  async inboxEvent(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<InboxEventPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<InboxEventPayload>(() => off());
    off = await this.bus.subscribe<InboxEventPayload>(Topics.inbox(user.workspaceId), (e) => {
      if (shouldDeliver(user, e)) queue.push(e);
    });
    return queue.iterator;
  }
}
