import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConversationObject, MessageObject } from './conversation.object';

export enum InboxEventKind {
  message_created = 'message_created',
  conversation_updated = 'conversation_updated',
  /** Removed from the history by an admin: drop it from lists and close its view. */
  conversation_deleted = 'conversation_deleted',
  /** No longer visible to the receiver (another agent took it, or it moved to another group): drop it from lists. */
  conversation_removed = 'conversation_removed',
}
registerEnumType(InboxEventKind, { name: 'InboxEventKind' });

@ObjectType('InboxEvent')
export class InboxEventObject {
  @Field(() => InboxEventKind) kind: InboxEventKind;
  @Field(() => ConversationObject) conversation: ConversationObject;
  @Field(() => MessageObject, { nullable: true }) message: MessageObject | null;
}
