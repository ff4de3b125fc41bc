import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsBoolean, IsOptional, IsUUID } from 'class-validator';

// The contact is addressed through a conversation: that is where an operator sees it, and the
// conversation's visibility decides who may change it (CONTACT_EDIT_CONTEXT).

/** `conversationId` as conversations' ConversationRefInput has it (same field, same check); not a schema type itself. */
@InputType({ isAbstract: true })
export abstract class ContactByConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
}

@InputType()
export class SetContactOwnerInput extends ContactByConversationInput {
  @Field(() => ID, { nullable: true, description: 'An active operator of the workspace; null clears the owner.' })
  @IsOptional()
  @Allow()
  ownerId?: string | null;
}

@InputType()
export class TagContactInput extends ContactByConversationInput {
  @Field({ description: 'A tag name (trimmed, at most 40 characters); created in the catalog when missing — only with the "Create tags" right (FORBIDDEN otherwise).' }) @Allow() name: string;
}

@InputType()
export class PinContactTagInput extends ContactByConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
  @Field({ description: 'true pins the tag (shown by the client name, sorted first); false unpins it.' }) @IsBoolean({ message: 'pinned must be true or false' }) pinned: boolean;
}

@InputType()
export class UntagContactInput extends ContactByConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
}
