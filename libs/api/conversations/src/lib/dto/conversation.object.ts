import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConversationPriority, ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';

registerEnumType(ConversationStatus, { name: 'ConversationStatus' });
registerEnumType(MessageAuthorType, { name: 'MessageAuthorType' });
registerEnumType(ConversationPriority, { name: 'ConversationPriority' });

@ObjectType('Conversation')
export class ConversationObject {
  @Field(() => ID) id: string;
  @Field(() => ConversationStatus) status: ConversationStatus;
  @Field() lastMessageAt: Date;
  @Field(() => String, { nullable: true }) lastMessagePreview: string | null;
  @Field(() => Int) lastSeq: number;
  @Field(() => Int, { description: 'Highest seq the visitor has read.' }) visitorReadSeq: number;
  @Field(() => Int, { description: 'Highest seq an operator has read.' }) operatorReadSeq: number;
  @Field() createdAt: Date;
  @Field(() => ConversationPriority) priority: ConversationPriority;
  @Field(() => Date, { nullable: true, description: 'While set, the conversation is out of the views (snoozed view only).' }) snoozedUntil: Date | null;
  // resolved by field resolvers (channel in channels/core, contact and assignee here)
  channelId: string;
  contactId: string;
  assigneeId: string | null;
  groupId?: string | null;
}

@ObjectType('Message')
export class MessageObject {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => Int) seq: number;
  @Field(() => String, { nullable: true }) clientId: string | null;
  @Field(() => MessageAuthorType) authorType: MessageAuthorType;
  @Field(() => ID, { nullable: true, description: "Who wrote it (the operator's or the visitor's id; null for system lines): lets the app offer editing one's own last message." })
  authorId?: string | null;
  @Field(() => String, { nullable: true }) authorName: string | null;
  @Field() body: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set when the author edited the message.' }) editedAt?: Date | null;
}

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('ConversationConnection')
export class ConversationConnectionObject {
  @Field(() => [ConversationObject]) nodes: ConversationObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
}

@ObjectType('MessagePage', { description: 'Messages in ascending seq order; hasMore says whether older ones exist.' })
export class MessagePageObject {
  @Field(() => [MessageObject]) nodes: MessageObject[];
  @Field() hasMore: boolean;
}
