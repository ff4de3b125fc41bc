import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ContactObject } from '../contact.object';
import { ClientDuplicateObject, MergeClientsInput } from './client-merge.object';
import { ClientMergeService } from './client-merge.service';

/** Issue #11 (E2): duplicates of a client and merging them. */
@Resolver(() => ClientDuplicateObject)
export class ClientMergeResolver {
  constructor(private readonly merges: ClientMergeService) {}

  @Query(() => [ClientDuplicateObject], { description: 'Other clients sharing a phone or an e-mail with this one (at most 20, the most shared first). NOT_FOUND for a client not in the workspace.' })
  async clientDuplicates(@CurrentUser() user: AuthUser, @Args('contactId', { type: () => ID }) contactId: string): Promise<ClientDuplicateObject[]> {
    return (await this.merges.duplicates(user.workspaceId, contactId)) as unknown as ClientDuplicateObject[];
  }

  @Mutation(() => ContactObject, {
    description:
      'Merges `mergedId` into `survivorId` in one transaction: the chosen values, every phone, e-mail, tag, custom value, conversation, note, task and channel identity move to the survivor; the merged client is deleted. Audited; both clients’ panels hear `merged`. FORBIDDEN without "Edit clients" and "Merge clients"; BAD_USER_INPUT for the same client twice.',
  })
  async mergeClients(@CurrentUser() user: AuthUser, @Args('input') input: MergeClientsInput): Promise<ContactObject> {
    return (await this.merges.merge(user, input)) as unknown as ContactObject;
  }
}
