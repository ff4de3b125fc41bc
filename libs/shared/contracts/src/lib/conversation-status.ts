/**
 * SPEC A5: queued → open → pending → closed; a closed conversation reopens when the client writes.
 * Keys equal values (see operator-role.ts).
 */
export enum ConversationStatus {
  queued = 'queued',
  /** SPEC D2: a bot scenario is talking with the visitor; not in the queue, not auto-assigned. */
  bot = 'bot',
  open = 'open',
  pending = 'pending',
  closed = 'closed',
}

export enum MessageAuthorType {
  visitor = 'visitor',
  operator = 'operator',
  system = 'system',
}

/** SPEC A4 priority, low → urgent. Keys equal values. */
export enum ConversationPriority {
  low = 'low',
  normal = 'normal',
  high = 'high',
  urgent = 'urgent',
}

/** SPEC B6. Keys equal values. Invisible and offline operators get no new chats. */
export enum OperatorStatus {
  online = 'online',
  away = 'away',
  invisible = 'invisible',
  offline = 'offline',
}

/** Statuses in which an operator may receive new chats (queue / auto-assignment). */
export const STATUSES_THAT_TAKE_CHATS: readonly OperatorStatus[] = [OperatorStatus.online];
