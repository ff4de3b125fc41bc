import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoObject } from '@parley/api/platform/graphql';
import { ConversationPriority, ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';
import { DeliveryStatus } from '../entities/message.entity';

registerEnumType(ConversationStatus, { name: 'ConversationStatus' });
registerEnumType(MessageAuthorType, { name: 'MessageAuthorType' });
registerEnumType(ConversationPriority, { name: 'ConversationPriority' });

@ObjectType('Conversation')
export class ConversationObject {
  @Field(() => ID) id: string;
  @Field(() => ConversationStatus) status: ConversationStatus;
  @Field() lastMessageAt: Date;
  @Field(() => String, { nullable: true }) lastMessagePreview: string | null;
  @Field(() => String, { nullable: true, description: "An e-mail thread's subject (issue #10)." }) subject?: string | null;
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

/** Issue #10: queued < sent < delivered < read, or failed (GraphQL enum of DeliveryStatus). */
export enum MessageDeliveryStatus {
  queued = 'queued',
  sent = 'sent',
  delivered = 'delivered',
  read = 'read',
  failed = 'failed',
}
registerEnumType(MessageDeliveryStatus, { name: 'MessageDeliveryStatus' });

@ObjectType('MessageCard', { description: 'Issue #12 (E3): a product card as it was when sent, with the price in the price type the operator chose.' })
export class MessageCardObject {
  @Field(() => String, { description: 'What the card shows: "product".' }) kind: 'product';
  @Field(() => ID) productId: string;
  @Field() sku: string;
  @Field() name: string;
  @Field({ description: 'Exact decimal ("18.00").' }) price: string;
  @Field() currency: string;
  @Field(() => String, { nullable: true }) imageUrl: string | null;
  @Field(() => String, { nullable: true }) url: string | null;
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
  @Field(() => MessageDeliveryStatus, { nullable: true, description: "Issue #10: where an outbound message is on its channel (e-mail, Telegram, WhatsApp); null for messages not sent anywhere (web chat, inbound)." })
  deliveryStatus?: DeliveryStatus | null;
  @Field(() => String, { nullable: true, description: "Why the delivery failed, in the provider's words (with deliveryStatus failed)." })
  deliveryError?: string | null;
  @Field(() => String, { nullable: true, description: "Issue #10: why the newest edit did not reach the client's copy on the channel (Telegram refused it), in the provider's words; null when it did or there was none." })
  editError?: string | null;
  @Field(() => String, { nullable: true, description: 'The message as sanitised HTML where its channel has it (an e-mail). Untrusted still: render it sandboxed.' })
  html?: string | null;
  @Field(() => MessageCardObject, { nullable: true, description: 'Issue #12: a structured card the message carries (a product card); the body says the same as text.' })
  card?: MessageCardObject | null;
}

export { PageInfoObject };

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
