import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { ClientNotesResolver } from './notes/client-notes.resolver';
import { ClientNotesService } from './notes/client-notes.service';

/**
 * The CRM domain: what operators keep about a client beyond the conversations — notes on the
 * client (`notes/`, E6) and tasks (`tasks/`, E4). It depends on contacts (the client) and
 * identity (the operator a task is for); never on conversations or channels.
 *
 * Private notes inside a conversation's thread are not CRM: they belong to their conversation
 * (placed after a message seq, moved by a merge, published on the conversation's notes topic)
 * and stay in the conversations domain (NotesService).
 */
@Module({
  imports: [ContactsModule, IdentityModule],
  providers: [ClientNotesService, ClientNotesResolver],
  exports: [ClientNotesService],
})
export class CrmModule {}
