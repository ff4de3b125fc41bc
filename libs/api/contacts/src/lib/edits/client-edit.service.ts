import { Inject, Injectable } from '@nestjs/common';
import { IdentityService, OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { assertMayEditClients } from '../clients/client-access';
import { ClientEventsService, ContactChangeKind } from '../clients/client-events';
import { ClientValueKind } from '../clients/client-values';
import { AddressChange, ClientsService, ClientWrite, NameChange } from '../clients/clients.service';
import { ContactEntity } from '../contact.entity';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { CONTACT_EDIT_CONTEXT, ContactEditContext } from './contact-edit-context.port';

/**
 * Issue #11 (E2): inline edits of the client card. Observers and operators without "Edit clients"
 * are refused (FORBIDDEN) before anything is read; every change is audited (ClientsService) and,
 * once committed, published to the panels that have the client open (Topics.contact) and to the
 * inbox rows of its conversations (CONTACT_EDIT_CONTEXT).
 */
@Injectable()
export class ClientEditService {
  constructor(
    @Inject(CONTACT_EDIT_CONTEXT) private readonly context: ContactEditContext,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly identity: IdentityService,
    private readonly events: ClientEventsService,
    private readonly customFields: CustomFieldsService,
  ) {}

  setCustomField(user: AuthUser, contactId: string, fieldId: string, value: string | null | undefined, values: string[] | null | undefined): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.customFields.setValue(actor, contactId, fieldId, value, values));
  }

  setName(user: AuthUser, contactId: string, change: NameChange): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.setName(actor, contactId, change));
  }

  addValue(user: AuthUser, kind: ClientValueKind, contactId: string, raw: unknown, opts: { country?: string | null; primary?: boolean | null }): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.addValue(actor, kind, contactId, raw, opts));
  }

  replaceValue(user: AuthUser, kind: ClientValueKind, contactId: string, valueId: string, raw: unknown, country?: string | null): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.replaceValue(actor, kind, contactId, valueId, raw, country));
  }

  removeValue(user: AuthUser, kind: ClientValueKind, contactId: string, valueId: string): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.removeValue(actor, kind, contactId, valueId));
  }

  makePrimary(user: AuthUser, kind: ClientValueKind, contactId: string, valueId: string): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.makePrimary(actor, kind, contactId, valueId));
  }

  setAddress(user: AuthUser, contactId: string, change: AddressChange): Promise<ContactEntity> {
    return this.edit(user, (actor) => this.clients.setAddress(actor, contactId, change));
  }

  private async edit(user: AuthUser, write: (actor: AuthUser & { displayName: string | null }) => Promise<ClientWrite>): Promise<ContactEntity> {
    await assertMayEditClients(this.access, user);
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    const { contact, changed } = await write({ ...user, displayName: me?.displayName ?? null });
    // nothing changed (the same value again): nothing to tell anyone
    if (!changed) return contact;
    await this.events.publish({ workspaceId: user.workspaceId, contactId: contact.id, kind: ContactChangeKind.updated, actorId: user.operatorId });
    await this.context.contactChanged(user.workspaceId, contact.id);
    return contact;
  }
}
