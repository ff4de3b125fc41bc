import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConversationObject, MessageObject } from './conversation.object';

export enum InboxEventKind {
  message_created = 'message_created',
  conversation_updated = 'conversation_updated',
}
registerEnumType(InboxEventKind, { name: 'InboxEventKind' });

@ObjectType('InboxEvent')
export class InboxEventObject {
  @Field(() => InboxEventKind) kind: InboxEventKind;
  @Field(() => ConversationObject) conversation: ConversationObject;
  @Field(() => MessageObject, { nullable: true }) message: MessageObject | null;
}
