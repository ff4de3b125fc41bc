import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConversationObject, MessageObject } from './conversation.object';

export enum InboxEventKind {
  message_created = 'message_created',
  conversation_updated = 'conversation_updated',
  /** Removed from the history by an admin: drop it from lists and close its view. */
  conversation_deleted = 'conversation_deleted',
  /** No longer visible to the receiver (another agent took it, or it moved to another group): drop it from lists. */
  conversation_removed = 'conversation_removed',
  /**
   * Sent first, once, to a subscription asked with `announce: true`: from here on no change is missed.
   * A client refetches its lists on it (what changed before it may have been missed). No conversation.
   */
  subscribed = 'subscribed',
}
registerEnumType(InboxEventKind, { name: 'InboxEventKind' });

@ObjectType('InboxEvent')
export class InboxEventObject {
  @Field(() => InboxEventKind) kind: InboxEventKind;
  @Field(() => ConversationObject, { nullable: true, description: 'The conversation that changed; null only on `subscribed`.' }) conversation: ConversationObject | null;
  @Field(() => MessageObject, { nullable: true }) message: MessageObject | null;
}
