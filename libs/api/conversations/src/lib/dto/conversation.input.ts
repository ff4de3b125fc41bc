import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { ConversationStatus, MAX_CLIENT_ID_LENGTH } from '@parley/shared/contracts';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

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
