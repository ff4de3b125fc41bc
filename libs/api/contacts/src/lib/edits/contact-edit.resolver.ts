import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ContactObject } from '../contact.object';
import { PinContactTagInput, SetContactOwnerInput, TagContactInput, UntagContactInput } from './contact-edit.input';
import { ContactEditService } from './contact-edit.service';

/** SPEC C6: owner and tags of a conversation's contact. FORBIDDEN for observers and for agents who cannot see the conversation. */
@Resolver(() => ContactObject)
export class ContactEditResolver {
  constructor(private readonly service: ContactEditService) {}

  @Mutation(() => ContactObject, { description: "Sets (or with null clears) the owner of the conversation's contact. BAD_USER_INPUT on ownerId for an unknown or deactivated operator." })
  setContactOwner(@CurrentUser() user: AuthUser, @Args('input') input: SetContactOwnerInput): Promise<ContactObject> {
    return this.service.setOwner(user, input.conversationId, input.ownerId);
  }

  @Mutation(() => ContactObject, { description: "Adds a tag (by name, created when missing) to the conversation's contact. BAD_USER_INPUT on name for an empty or over-long name." })
  tagContact(@CurrentUser() user: AuthUser, @Args('input') input: TagContactInput): Promise<ContactObject> {
    return this.service.addTag(user, input.conversationId, input.name);
  }

  @Mutation(() => ContactObject, { description: "E1: pins or unpins one of the conversation's contact's tags (a pinned tag shows by the client's name and sorts first). NOT_FOUND when the contact does not have the tag; TAG_JOB_RUNNING while an admin's job changes it." })
  pinContactTag(@CurrentUser() user: AuthUser, @Args('input') input: PinContactTagInput): Promise<ContactObject> {
    return this.service.pinTag(user, input.conversationId, input.tagId, input.pinned);
  }

  @Mutation(() => ContactObject, { description: "Removes a tag from the conversation's contact." })
  untagContact(@CurrentUser() user: AuthUser, @Args('input') input: UntagContactInput): Promise<ContactObject> {
    return this.service.removeTag(user, input.conversationId, input.tagId);
  }
}
