import { Injectable, inject } from '@angular/core';
import { ApiClient, Contact, SearchTagsDocument, Tag, TagsDocument } from '@parley/web/shared/data-access';
import {
  AddContactEmailDocument,
  AddContactPhoneDocument,
  PinContactTagDocument,
  SetContactAddressDocument,
  SetContactNameDocument,
  SetContactOwnerDocument,
  TagContactDocument,
  UntagContactDocument,
} from './generated/graphql';

/** What a text selected in a customer's message can become on their client (seed 004's context menu). */
export type SelectionTarget = 'firstName' | 'lastName' | 'middleName' | 'phone' | 'email' | 'address';

/** The client's owner and tags as the side panel edits them (SPEC C6): each call answers the saved contact. */
@Injectable({ providedIn: 'root' })
export class ClientEditsService {
  private readonly api = inject(ApiClient);

  /** The workspace's tag vocabulary, for suggestions. */
  async tagCatalog(): Promise<Tag[]> {
    return (await this.api.request(TagsDocument)).tags;
  }

  /** E1 typeahead: the server's matches for what the operator typed. */
  async searchTags(query: string, first = 8): Promise<Tag[]> {
    return (await this.api.request(SearchTagsDocument, { query, first })).searchTags;
  }

  async pinTag(conversationId: string, tagId: string, pinned: boolean): Promise<Contact> {
    return (await this.api.request(PinContactTagDocument, { input: { conversationId, tagId, pinned } })).pinContactTag;
  }

  async setOwner(conversationId: string, ownerId: string | null): Promise<Contact> {
    return (await this.api.request(SetContactOwnerDocument, { input: { conversationId, ownerId } })).setContactOwner;
  }

  async tag(conversationId: string, name: string): Promise<Contact> {
    return (await this.api.request(TagContactDocument, { input: { conversationId, name } })).tagContact;
  }

  async untag(conversationId: string, tagId: string): Promise<Contact> {
    return (await this.api.request(UntagContactDocument, { input: { conversationId, tagId } })).untagContact;
  }

  /**
   * E2: the selected text becomes the client's first / last / middle name, a phone or an e-mail
   * (added, primary when the client has none), or the one-line address. The server validates it
   * (BAD_USER_INPUT with its words); the client's panels hear the change live.
   */
  async setFromSelection(contactId: string, target: SelectionTarget, text: string): Promise<void> {
    const value = text.replace(/\s+/g, ' ').trim();
    switch (target) {
      case 'firstName':
      case 'lastName':
      case 'middleName':
        await this.api.request(SetContactNameDocument, { input: { contactId, [target]: value } });
        return;
      case 'phone':
        await this.api.request(AddContactPhoneDocument, { input: { contactId, phone: value } });
        return;
      case 'email':
        await this.api.request(AddContactEmailDocument, { input: { contactId, email: value } });
        return;
      case 'address':
        await this.api.request(SetContactAddressDocument, { input: { contactId, line: value } });
        return;
    }
  }
}
