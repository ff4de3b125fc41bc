import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

@InputType()
export class DeleteConversationsInput {
  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one conversation' })
  @ArrayMaxSize(100, { message: 'At most 100 conversations at once' })
  @IsUUID('all', { each: true, message: 'conversationIds must be UUIDs' })
  conversationIds: string[];
}

@ObjectType('DeleteConversationsPayload')
export class DeleteConversationsPayloadObject {
  @Field(() => [ID], { description: 'The conversations deleted by this call (unknown or already deleted ids are left out).' })
  deletedIds: string[];
}
