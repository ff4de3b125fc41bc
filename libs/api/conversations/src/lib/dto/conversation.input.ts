import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { ConversationStatus, MAX_ATTACHMENTS_PER_MESSAGE, MAX_CLIENT_ID_LENGTH } from '@parley/shared/contracts';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export enum ConversationView {
  mine = 'mine',
  queue = 'queue',
  all = 'all',
  pending = 'pending',
  closed = 'closed',
  snoozed = 'snoozed',
}
registerEnumType(ConversationView, {
  name: 'ConversationView',
  description:
    'mine: assigned to me and not closed; queue: unassigned and waiting; all: everything the caller may see; pending, closed: by status; snoozed: snoozed until a time (the only view that shows them)',
});

export class ListConversationsArgs {
  @IsEnum(ConversationView) view: ConversationView;
  @IsOptional() @IsEnum(ConversationStatus) status?: ConversationStatus;
  @IsInt() @Min(1, { message: 'first must be between 1 and 100' }) @Max(100, { message: 'first must be between 1 and 100' }) first: number;
  @IsOptional() @IsString() @MaxLength(200) after?: string;
}

@InputType()
export class SendMessageInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field() @IsString() @MinLength(1) @MaxLength(MAX_CLIENT_ID_LENGTH) clientId: string;
  /** Length and emptiness are checked by the service, with their own error codes. */
  @Field() @IsString() body: string;
  /** Files uploaded by the caller to this conversation (SPEC A9); the body may be empty when given. */
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS_PER_MESSAGE, { message: `A message can carry at most ${MAX_ATTACHMENTS_PER_MESSAGE} files` })
  @IsUUID('all', { each: true, message: 'attachmentIds must be attachment ids' })
  attachmentIds?: string[] | null;
}

@InputType()
export class TakeConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
}

@InputType()
export class CloseConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
}

export const MESSAGES_PAGE_MAX = 200;
export { Int };
