import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MessageAuthorType } from '@parley/shared/contracts';
import { ConversationActivityKind } from '../services/conversation-activity';
import { MessageObject } from './conversation.object';

registerEnumType(ConversationActivityKind, { name: 'ConversationActivityKind' });

@ObjectType('TypingState')
export class TypingStateObject {
  @Field(() => MessageAuthorType) authorType: MessageAuthorType;
  @Field(() => String, { nullable: true, description: "The operator's display name; null for the visitor." }) name: string | null;
  @Field() active: boolean;
  @Field(() => String, { nullable: true, description: 'What the visitor has typed so far (not sent yet).' }) draft: string | null;
}

@ObjectType('ConversationActivity')
export class ConversationActivityObject {
  @Field(() => ConversationActivityKind) kind: ConversationActivityKind;
  @Field(() => ID) conversationId: string;
  @Field(() => TypingStateObject, { nullable: true }) typing: TypingStateObject | null;
  @Field(() => Int, { nullable: true }) visitorReadSeq: number | null;
  @Field(() => Int, { nullable: true }) operatorReadSeq: number | null;
  @Field(() => MessageObject, { nullable: true }) message: MessageObject | null;
}
