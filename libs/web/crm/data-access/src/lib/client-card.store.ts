import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, Conversation, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { afterReconnect } from './after-reconnect';
import {
  AddContactEmailDocument,
  AddContactPhoneDocument,
  CardCustomFieldsDocument,
  CardCustomFieldsQuery,
  ClientCardChangedDocument,
  ClientCardDocument,
  ClientCardQuery,
  ClientDuplicatesDocument,
  ClientDuplicatesQuery,
  ClientMatchesDocument,
  ClientMatchesQuery,
  ClientMergeField,
  LinkConversationToContactDocument,
  MergeClientsDocument,
  PinCustomFieldDocument,
  SetContactCustomFieldDocument,
  SetPinnedCustomFieldOrderDocument,
  MakeContactEmailPrimaryDocument,
  MakeContactPhonePrimaryDocument,
  RemoveContactEmailDocument,
  RemoveContactPhoneDocument,
  SetContactAddressDocument,
  SetContactAddressInput,
  SetContactNameDocument,
  UpdateContactEmailDocument,
  UpdateContactPhoneDocument,
} from './generated/graphql';

export type ClientCard = ClientCardQuery['contact'];
export type ClientMatch = ClientMatchesQuery['clientMatches'][number];
export type ClientAddressChange = Omit<SetContactAddressInput, 'contactId'>;
export type CardCustomField = CardCustomFieldsQuery['customFields'][number];
export type ClientDuplicate = ClientDuplicatesQuery['clientDuplicates'][number];
export type { ClientMergeField };

const REFETCH_COALESCE_MS = 150;
const CARD_KINDS = new Set(['updated', 'merged', 'conversation_linked']);

/**
 * Issue #11 (E2): the client widget's card of one client — name parts, every phone and e-mail,
 * the address — with its inline edits. Each edit answers the saved card (shown at once, and handed
 * to `onSaved` so the conversation's header and list follow); another operator's edit arrives live
 * (`contactChanged` updated), as does a merge into another client (the survivor is opened).
 * Errors of an edit are thrown for the form that made it. Provided by the widget.
 */
@Injectable()
export class ClientCardStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;

  readonly card = signal<ClientCard | null>(null);
  /** The workspace's pinned custom fields, in their order (shown on every client). */
  readonly pinnedFields = signal<CardCustomField[]>([]);
  /** Other clients sharing a phone or e-mail with this one (read with the card). */
  readonly duplicates = signal<ClientDuplicate[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  /** Called with every card this store saved or read (the widget patches the open conversation's contact). */
  onSaved: (card: ClientCard) => void = () => undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.card.set(null);
    this.duplicates.set([]);
    this.error.set(null);
    this.loaded.set(!contactId);
    if (!contactId) return;
    this.unsubscribe = this.realtime.subscribe(
      ClientCardChangedDocument,
      {
        next: (data) => {
          const e = data.contactChanged;
          if (e.kind === 'merged' && e.survivorId && e.survivorId !== this.contactId) this.open(e.survivorId);
          else if (CARD_KINDS.has(e.kind)) this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const id = this.contactId;
    if (!id) return;
    const generation = ++this.generation;
    try {
      const [{ contact }, , duplicates] = await Promise.all([
        this.api.request(ClientCardDocument, { id }),
        // the pinned fields: beside the card, a failure leaves the last ones shown
        this.api.request(CardCustomFieldsDocument, {}).then((r) => this.pinnedFields.set(r.customFields.filter((f) => f.pinned)), () => undefined),
        // a convenience beside the card: its failure leaves the list empty
        this.api.request(ClientDuplicatesDocument, { contactId: id }).then((r) => r.clientDuplicates, () => [] as ClientDuplicate[]),
      ]);
      if (generation !== this.generation) return;
      this.card.set(contact);
      this.duplicates.set(duplicates);
      this.error.set(null);
      this.loaded.set(true);
    } catch (e) {
      if (generation === this.generation) {
        this.error.set(describeError(e));
        this.loaded.set(true);
      }
    }
  }

  setName(name: { firstName: string | null; lastName: string | null; middleName: string | null }): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(SetContactNameDocument, { input: { contactId, ...name } }).then((r) => r.setContactName));
  }

  addPhone(phone: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(AddContactPhoneDocument, { input: { contactId, phone } }).then((r) => r.addContactPhone));
  }

  updatePhone(phoneId: string, phone: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(UpdateContactPhoneDocument, { input: { contactId, phoneId, phone } }).then((r) => r.updateContactPhone));
  }

  removePhone(phoneId: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(RemoveContactPhoneDocument, { input: { contactId, phoneId } }).then((r) => r.removeContactPhone));
  }

  makePhonePrimary(phoneId: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(MakeContactPhonePrimaryDocument, { input: { contactId, phoneId } }).then((r) => r.makeContactPhonePrimary));
  }

  addEmail(email: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(AddContactEmailDocument, { input: { contactId, email } }).then((r) => r.addContactEmail));
  }

  updateEmail(emailId: string, email: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(UpdateContactEmailDocument, { input: { contactId, emailId, email } }).then((r) => r.updateContactEmail));
  }

  removeEmail(emailId: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(RemoveContactEmailDocument, { input: { contactId, emailId } }).then((r) => r.removeContactEmail));
  }

  makeEmailPrimary(emailId: string): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(MakeContactEmailPrimaryDocument, { input: { contactId, emailId } }).then((r) => r.makeContactEmailPrimary));
  }

  setAddress(change: ClientAddressChange): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(SetContactAddressDocument, { input: { contactId, ...change } }).then((r) => r.setContactAddress));
  }

  /** Other clients with this phone or e-mail (the value as typed; a partial one matches nothing). */
  async matches(by: { phone?: string; email?: string }): Promise<ClientMatch[]> {
    const exceptContactId = this.contactId;
    return (await this.api.request(ClientMatchesDocument, { ...by, exceptContactId })).clientMatches;
  }

  /** E2: the client widget's field search — any field whose name (or a word of it) starts with `query`. */
  async searchFields(query: string): Promise<CardCustomField[]> {
    return (await this.api.request(CardCustomFieldsDocument, { query })).customFields;
  }

  /** One custom field's value (`values` for a multi-select); null / empty clears it. */
  setCustomField(fieldId: string, value: string | null, values?: string[] | null): Promise<ClientCard> {
    return this.save((contactId) => this.api.request(SetContactCustomFieldDocument, { input: { contactId, fieldId, value, values } }).then((r) => r.setContactCustomField));
  }

  /** Admins: pin (show on every client) or unpin a field. */
  async pinField(fieldId: string, pinned: boolean): Promise<void> {
    await this.api.request(PinCustomFieldDocument, { input: { id: fieldId, pinned } });
    const { customFields } = await this.api.request(CardCustomFieldsDocument, {});
    this.pinnedFields.set(customFields.filter((f) => f.pinned));
  }

  /** Admins: the pinned fields in this order (drag and drop); shown at once, put back if refused. */
  async reorderPinned(ids: string[]): Promise<void> {
    const before = this.pinnedFields();
    const byId = new Map(before.map((f) => [f.id, f]));
    this.pinnedFields.set(ids.map((id) => byId.get(id)).filter((f): f is CardCustomField => !!f));
    try {
      const fields = (await this.api.request(SetPinnedCustomFieldOrderDocument, { ids })).setPinnedCustomFieldOrder;
      this.pinnedFields.set(fields.filter((f) => f.pinned));
    } catch (e) {
      this.pinnedFields.set(before);
      throw e;
    }
  }

  /** Another client's card (the merge preview shows both). */
  async cardOf(id: string): Promise<ClientCard> {
    return (await this.api.request(ClientCardDocument, { id })).contact;
  }

  /** Merges `mergedId` into the open client, taking the chosen values from it; the card and duplicates are read again. */
  async merge(mergedId: string, take: ClientMergeField[]): Promise<ClientCard> {
    const card = await this.save((survivorId) => this.api.request(MergeClientsDocument, { input: { survivorId, mergedId, take } }).then((r) => r.mergeClients));
    this.duplicates.update((list) => list.filter((d) => d.contact.id !== mergedId));
    void this.reload();
    return card;
  }

  /** Moves the conversation to another client; the card follows it. */
  async link(conversationId: string, contactId: string): Promise<Conversation> {
    const { linkConversationToContact } = await this.api.request(LinkConversationToContactDocument, { input: { conversationId, contactId } });
    this.open(contactId);
    return linkConversationToContact as Conversation;
  }

  private async save(call: (contactId: string) => Promise<ClientCard>): Promise<ClientCard> {
    const contactId = this.contactId;
    if (!contactId) throw new Error('No client is open');
    const card = await call(contactId);
    if (contactId === this.contactId) {
      // a read in flight would show the card from before this edit
      this.generation++;
      this.card.set(card);
      this.onSaved(card);
    }
    return card;
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      void this.reload();
    }, REFETCH_COALESCE_MS);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.refetchTimer) clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
    this.generation++;
  }
}
