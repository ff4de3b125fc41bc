import { EntityManager } from 'typeorm';

/** A conversation that now belongs to another client (linked by an operator, or a merge of clients). */
export interface ConversationContactMove {
  workspaceId: string;
  conversationId: string;
  channelId: string;
  fromContactId: string;
  toContactId: string;
}

/**
 * Issue #11 (E2): what a channel keeps about who its sender is, beyond the contact identities,
 * follows a conversation moved to another client — the web chat's `visitors.contact_id`, which
 * starts the visitor's next conversation. Conversations do not know channels: the channels side
 * (libs/api/channels/core) provides CONVERSATION_CONTACT_MOVES from its adapters. `moved` runs in
 * the transaction that moved the conversation.
 */
export const CONVERSATION_CONTACT_MOVES = Symbol('CONVERSATION_CONTACT_MOVES');

export interface ConversationContactMoves {
  moved(m: EntityManager, move: ConversationContactMove): Promise<void>;
}
