import { Field, ID, InputType } from '@nestjs/graphql';
import { ConversationPriority, ConversationStatus, TAG_FILTER_MAX, TAG_NAME_MAX, TagMatch } from '@parley/shared/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ConversationView } from './conversation.input';

export const BULK_MAX = 100;
export { TAG_NAME_MAX };
export const SAVED_FILTER_NAME_MAX = 60;

/**
 * Narrows a view (SPEC A4). Every field is optional and combined with AND; a new filter (e.g.
 * `groupId`) is one more optional field here plus one line in InboxQueryService.filterSql.
 */
@InputType()
export class ConversationFilterInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'channelId must be a UUID' }) channelId?: string;
  @Field(() => ConversationStatus, { nullable: true }) @IsOptional() @IsEnum(ConversationStatus) status?: ConversationStatus;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'assigneeId must be a UUID' }) assigneeId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'tagId must be a UUID' }) tagId?: string;
  @Field(() => [ID], { nullable: true, description: 'E1: conversations with these tags — on the conversation or on its client (one tag set); `tagMatch` any (default) or all. At most 20.' })
  @IsOptional()
  @ArrayMaxSize(TAG_FILTER_MAX, { message: `At most ${TAG_FILTER_MAX} tags` })
  @IsUUID('all', { each: true, message: 'tagIds must be UUIDs' })
  tagIds?: string[];
  @Field(() => TagMatch, { nullable: true, description: 'E1: any (default) or all of `tagIds`.' }) @IsOptional() @IsEnum(TagMatch, { message: 'tagMatch is any or all' }) tagMatch?: TagMatch;
  @Field(() => ID, { nullable: true, description: 'SPEC B3: conversations routed to this group.' }) @IsOptional() @IsUUID('all', { message: 'groupId must be a UUID' }) groupId?: string;
  @Field(() => ConversationPriority, { nullable: true }) @IsOptional() @IsEnum(ConversationPriority) priority?: ConversationPriority;
  @Field(() => Date, { nullable: true, description: 'Last activity at or after this time.' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @Field(() => Date, { nullable: true, description: 'Last activity before this time.' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

@InputType()
export class ConversationRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
}

@InputType()
export class SnoozeConversationInput extends ConversationRefInput {
  @Field(() => Date) @Type(() => Date) @IsDate() until: Date;
}

@InputType()
export class SetConversationPriorityInput extends ConversationRefInput {
  @Field(() => ConversationPriority) @IsEnum(ConversationPriority) priority: ConversationPriority;
}

@InputType()
export class BulkConversationsInput {
  @Field(() => [ID])
  @ArrayMinSize(1, { message: 'Select at least one conversation' })
  @ArrayMaxSize(BULK_MAX, { message: `At most ${BULK_MAX} conversations at once` })
  @IsUUID('all', { each: true, message: 'conversationIds must be UUIDs' })
  conversationIds: string[];
}

@InputType()
export class BulkAssignInput extends BulkConversationsInput {
  @Field(() => ID) @IsUUID('all', { message: 'assigneeId must be a UUID' }) assigneeId: string;
}

@InputType()
export class BulkTagInput extends BulkConversationsInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
}

@InputType()
export class UntagConversationInput extends ConversationRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
}

@InputType()
export class CreateTagInput {
  @Field() @IsString() @MinLength(1, { message: 'Enter a tag name' }) @MaxLength(TAG_NAME_MAX, { message: `A tag name can be at most ${TAG_NAME_MAX} characters` }) name: string;
}

@InputType()
export class SaveFilterInput {
  @Field() @IsString() @MinLength(1, { message: 'Enter a name' }) @MaxLength(SAVED_FILTER_NAME_MAX, { message: `A name can be at most ${SAVED_FILTER_NAME_MAX} characters` }) name: string;
  @Field(() => ConversationView) @IsEnum(ConversationView) view: ConversationView;
  @Field(() => ConversationFilterInput) @ValidateNested() @Type(() => ConversationFilterInput) filter: ConversationFilterInput;
}
