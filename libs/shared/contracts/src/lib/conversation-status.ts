/**
 * SPEC A5: queued → open → pending → closed; a closed conversation reopens when the client writes.
 * Keys equal values (see operator-role.ts).
 */
export enum ConversationStatus {
  queued = 'queued',
  open = 'open',
  pending = 'pending',
  closed = 'closed',
}

export enum MessageAuthorType {
  visitor = 'visitor',
  operator = 'operator',
  system = 'system',
}
