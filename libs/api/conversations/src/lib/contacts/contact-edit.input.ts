import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';
import { ConversationRefInput } from '../dto/inbox-views.input';

// The contact is addressed through a conversation: that is where an operator sees it, and the
// conversation's visibility decides who may change it.

@InputType()
export class SetContactOwnerInput extends ConversationRefInput {
  @Field(() => ID, { nullable: true, description: 'An active operator of the workspace; null clears the owner.' })
  @IsOptional()
  @Allow()
  ownerId?: string | null;
}

@InputType()
export class TagContactInput extends ConversationRefInput {
  @Field({ description: 'A tag name (trimmed, at most 40 characters); created in the catalog when missing.' }) @Allow() name: string;
}

@InputType()
export class UntagContactInput extends ConversationRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
}
