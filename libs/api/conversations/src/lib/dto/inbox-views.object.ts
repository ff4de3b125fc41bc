import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConversationPriority, ConversationStatus } from '@parley/shared/contracts';
import { ConversationView } from './conversation.input';

// the tag catalog belongs to contacts (SPEC C6 tags contacts too); re-exported for the inbox code
export { TagObject } from '@parley/api/contacts';

@ObjectType('ViewCount', { description: 'Unread conversations (an operator has not read the newest message) in one view.' })
export class ViewCountObject {
  @Field(() => ConversationView) view: ConversationView;
  @Field(() => Int) unread: number;
}

@ObjectType('BulkFailure')
export class BulkFailureObject {
  @Field(() => ID) conversationId: string;
  @Field({ description: 'An ErrorCode: NOT_FOUND, FORBIDDEN, CONFLICT…' }) code: string;
  @Field() message: string;
}

@ObjectType('BulkResult', { description: 'Each row is checked on its own: the ones that passed changed, the others say why not.' })
export class BulkResultObject {
  @Field(() => [ID]) succeededIds: string[];
  @Field(() => [BulkFailureObject]) failures: BulkFailureObject[];
}

@ObjectType('ConversationFilter')
export class ConversationFilterObject {
  @Field(() => ID, { nullable: true }) channelId?: string | null;
  @Field(() => ConversationStatus, { nullable: true }) status?: ConversationStatus | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) tagId?: string | null;
  @Field(() => ID, { nullable: true }) groupId?: string | null;
  @Field(() => ConversationPriority, { nullable: true }) priority?: ConversationPriority | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}

@ObjectType('SavedFilter')
export class SavedFilterObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ConversationView) view: ConversationView;
  @Field(() => ConversationFilterObject) filter: ConversationFilterObject;
}
