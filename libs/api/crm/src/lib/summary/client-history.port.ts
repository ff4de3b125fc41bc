/**
 * Issue #11 (E7): the CRM reads a client's messages for the AI summary through this port; the
 * conversations domain provides it (the CRM may not import conversations), wired by
 * `CrmModule.register({ clientHistory })`.
 */
export const CLIENT_HISTORY = Symbol('CLIENT_HISTORY');

/** A point in a client's history: messages are ordered by (at, id) across all their conversations. */
export interface HistoryMark {
  at: Date;
  id: string;
}

export interface HistoryMessage extends HistoryMark {
  conversationId: string;
  /** The channel kind the conversation came on ('webchat', 'email', 'telegram', …). */
  channel: string;
  from: 'client' | 'operator';
  /** The operator's name, or the client's as the conversation knows it. */
  authorName: string | null;
  /** Plain text (an e-mail's text part); attachments named. */
  text: string;
}

export interface ClientHistory {
  /**
   * The client's messages on every channel, newest first: older than `before` and newer than
   * `after` (both exclusive), at most `limit`. System lines are left out.
   */
  newest(workspaceId: string, contactId: string, opts: { before?: HistoryMark | null; after?: HistoryMark | null; limit: number }): Promise<HistoryMessage[]>;
}
