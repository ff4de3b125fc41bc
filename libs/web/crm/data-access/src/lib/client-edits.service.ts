import { Injectable, inject } from '@angular/core';
import { ApiClient, Contact, SearchTagsDocument, Tag, TagsDocument } from '@parley/web/shared/data-access';
import { PinContactTagDocument, SetContactOwnerDocument, TagContactDocument, UntagContactDocument } from './generated/graphql';

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
}
