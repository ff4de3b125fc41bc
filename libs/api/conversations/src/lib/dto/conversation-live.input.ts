import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsString, IsUUID } from 'class-validator';

@InputType()
export class SetTypingInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field() @IsBoolean() active: boolean;
}

@InputType()
export class MarkConversationReadInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  /** Range (≥ 0, ≤ lastSeq) is checked by the service. */
  @Field(() => Int) @IsInt() seq: number;
}

@InputType()
export class EditMessageInput {
  @Field(() => ID) @IsUUID('all', { message: 'messageId must be a UUID' }) messageId: string;
  /** Length and emptiness are checked by the service, with their own error codes. */
  @Field() @IsString() body: string;
}
