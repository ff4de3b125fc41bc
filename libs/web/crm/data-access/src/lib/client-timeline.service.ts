import { Injectable, inject } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { ContactConversationsDocument, ContactConversationsQuery, MergeConversationsDocument, MergeConversationsMutation } from './generated/graphql';

/** The client's conversations on every channel, newest first (keyset pages), and merging one into another (the side panel's timeline). */
@Injectable({ providedIn: 'root' })
export class ClientTimelineService {
  private readonly api = inject(ApiClient);

  async page(contactId: string, first: number, after: string | null): Promise<ContactConversationsQuery['contactConversations']> {
    return (await this.api.request(ContactConversationsDocument, { contactId, first, after })).contactConversations;
  }

  /** The merged conversation (the primary one, now holding both). */
  async merge(primaryId: string, secondaryId: string): Promise<MergeConversationsMutation['mergeConversations']> {
    return (await this.api.request(MergeConversationsDocument, { input: { primaryId, secondaryId } })).mergeConversations;
  }
}
