import { Args, Field, ID, InputType, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { IsUUID } from 'class-validator';
import { ConversationObject } from '../dto/conversation.object';
import { ConversationContactLinkService } from '../services/conversation-contact-link.service';

@InputType()
export class LinkConversationToContactInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field(() => ID, { description: 'The existing client (e.g. one of `clientMatches`).' }) @IsUUID('all', { message: 'contactId must be a UUID' }) contactId: string;
}

/** Issue #11 (E2): link a conversation to an existing client that matches what the operator typed. */
@Resolver(() => ConversationObject)
export class ContactLinkResolver {
  constructor(private readonly links: ConversationContactLinkService) {}

  @Mutation(() => ConversationObject, {
    description:
      'Moves the conversation to an existing client (with the former contact’s channel identities when it has no other conversation). FORBIDDEN for observers, without "Edit clients" or for a conversation the caller cannot see; NOT_FOUND for an unknown client.',
  })
  linkConversationToContact(@CurrentUser() user: AuthUser, @Args('input') input: LinkConversationToContactInput): Promise<ConversationObject> {
    return this.links.link(user, input.conversationId, input.contactId);
  }
}
