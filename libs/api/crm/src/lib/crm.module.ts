import { Module } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';

/**
 * The CRM domain: what operators keep about a client beyond the conversations — tasks (the CRM
 * panel's task widget) and, when they come, notes on the client itself. It depends on contacts
 * (the client) and identity (the operator a task is for); never on conversations or channels.
 *
 * Private notes inside a conversation's thread are not CRM: they belong to their conversation
 * (placed after a message seq, moved by a merge, published on the conversation's notes topic)
 * and stay in the conversations domain (NotesService).
 *
 * Layout for what comes: `src/lib/tasks/` (task.entity, tasks.service, task.object, task inputs,
 * tasks.resolver), registered here; other domains reach it through its services, exported here.
 */
@Module({
  imports: [ContactsModule, IdentityModule],
  providers: [],
  exports: [],
})
export class CrmModule {}
