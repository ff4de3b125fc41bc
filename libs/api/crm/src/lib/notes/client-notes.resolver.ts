import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { AddClientNoteInput, DeleteClientNoteInput, UpdateClientNoteInput } from './client-note.input';
import { ClientNoteConnectionObject, ClientNoteObject } from './client-note.object';
import { ClientNotesService } from './client-notes.service';

/** Issue #11 (E6): notes on a client; live through `contactChanged` (note_added / note_updated / note_deleted). */
@Resolver(() => ClientNoteObject)
export class ClientNotesResolver {
  constructor(private readonly notes: ClientNotesService) {}

  @Query(() => ClientNoteConnectionObject, { description: 'The client’s notes, newest first: the panel asks for `first: 5`, then `first: 3, after: endCursor` until `hasNextPage` is false.' })
  clientNotes(
    @CurrentUser() user: AuthUser,
    @Args('contactId', { type: () => ID }) contactId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 5 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ClientNoteConnectionObject> {
    return this.notes.list(user, contactId, first, after);
  }

  @Mutation(() => ClientNoteObject, { description: 'Adds a note (1..2000 characters). FORBIDDEN for observers and without "Edit clients".' })
  addClientNote(@CurrentUser() user: AuthUser, @Args('input') input: AddClientNoteInput): Promise<ClientNoteObject> {
    return this.notes.add(user, input.contactId, input.body);
  }

  @Mutation(() => ClientNoteObject, { description: 'Edits a note: its author, admins, or with "Edit and delete notes of others".' })
  updateClientNote(@CurrentUser() user: AuthUser, @Args('input') input: UpdateClientNoteInput): Promise<ClientNoteObject> {
    return this.notes.update(user, input.id, input.body);
  }

  @Mutation(() => Boolean, { description: 'Deletes a note: its author, admins, or with "Edit and delete notes of others".' })
  deleteClientNote(@CurrentUser() user: AuthUser, @Args('input') input: DeleteClientNoteInput): Promise<boolean> {
    return this.notes.remove(user, input.id);
  }
}
