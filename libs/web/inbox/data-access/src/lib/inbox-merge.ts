import { ConversationStatus } from '@parley/shared/contracts';
import { Conversation, ConversationView, InboxEvent, Message } from '@parley/web/shared/data-access';
import { InboxFilter, matchesFilter } from './inbox-filter';

/** Newest activity first; ties broken by id so the order is stable. */
export function compareByActivity(a: Conversation, b: Conversation): number {
  const byTime = Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Whether a conversation belongs in a view for the operator `meId` (the server decides visibility). */
export function matchesView(conversation: Conversation, view: ConversationView, meId: string | null): boolean {
  if (view === 'snoozed') return !!conversation.snoozedUntil;
  if (conversation.snoozedUntil) return false;
  switch (view) {
    case 'mine':
      // SPEC B7: a chat the operator was invited into is theirs too while it is open
      return meId !== null && (conversation.assignee?.id === meId || !!conversation.participants?.some((p) => p.id === meId)) && conversation.status !== ConversationStatus.closed;
    case 'queue':
      return conversation.status === ConversationStatus.queued && !conversation.assignee;
    case 'pending':
      return conversation.status === ConversationStatus.pending;
    case 'closed':
      return conversation.status === ConversationStatus.closed;
    case 'all':
      return true;
  }
}

/**
 * The fresher of two copies of one conversation: a lower lastSeq is a stale event; read positions
 * only move forward, whatever order the events arrive in (issue #17: the unread dot stays cleared).
 */
function fresher(existing: Conversation, incoming: Conversation): Conversation {
  if (incoming.lastSeq < existing.lastSeq) return existing;
  return withReadMarks(incoming, existing);
}

/** `next` with the higher read positions of `current` kept (same conversation only). */
export function withReadMarks(next: Conversation, current: Conversation | null): Conversation {
  if (!current || current.id !== next.id) return next;
  const visitorReadSeq = Math.max(next.visitorReadSeq ?? 0, current.visitorReadSeq ?? 0);
  const operatorReadSeq = Math.max(next.operatorReadSeq ?? 0, current.operatorReadSeq ?? 0);
  return visitorReadSeq === next.visitorReadSeq && operatorReadSeq === next.operatorReadSeq ? next : { ...next, visitorReadSeq, operatorReadSeq };
}

/** Inserts or replaces a conversation and keeps the list sorted by last activity. */
export function upsertConversation(list: readonly Conversation[], incoming: Conversation): Conversation[] {
  const index = list.findIndex((c) => c.id === incoming.id);
  const next = [...list];
  if (index === -1) next.push(incoming);
  else next[index] = fresher(list[index], incoming);
  return next.sort(compareByActivity);
}

/** Adds a page ("Load more") to the list, without duplicates, sorted. */
export function appendPage(list: readonly Conversation[], page: readonly Conversation[]): Conversation[] {
  return page.reduce<Conversation[]>((acc, c) => upsertConversation(acc, c), [...list]);
}

/** A live event applied to the list of one view: moved to the top, or removed when it left the view. */
export function applyInboxEvent(
  list: readonly Conversation[],
  event: InboxEvent,
  view: ConversationView,
  meId: string | null,
  filter: InboxFilter = {},
): Conversation[] {
  const conversation = event.conversation;
  if (event.kind === 'conversation_deleted' || event.kind === 'conversation_removed') return list.filter((c) => c.id !== conversation.id);
  if (matchesView(conversation, view, meId) && matchesFilter(conversation, filter)) return upsertConversation(list, conversation);
  return list.some((c) => c.id === conversation.id) ? list.filter((c) => c.id !== conversation.id) : [...list];
}

/** How far a reply got; a copy that says less is older (failed is not on this scale: it applies, see below). */
const DELIVERY_PROGRESS: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Whether `incoming` reports an earlier delivery state than `existing`: the mutation's answer or the
 * message_created event (both "queued") can arrive after the live "sent" of a fast provider, and
 * must not move the reply back. "failed" always applies; a stale "queued" does not undo it (a retry
 * sets queued itself, see ThreadStore.retryDelivery).
 */
function olderDelivery(existing: Message, incoming: Message): boolean {
  const was = existing.deliveryStatus;
  const now = incoming.deliveryStatus;
  if (!was || !now || now === 'failed') return false;
  if (was === 'failed') return now === 'queued';
  return DELIVERY_PROGRESS[now] < DELIVERY_PROGRESS[was];
}

/** Merges messages by id (the server's copy wins, except for a delivery state it reports older) and orders them by seq. */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map(existing.map((m) => [m.id, m] as const));
  for (const message of incoming) {
    const current = byId.get(message.id);
    byId.set(message.id, current && olderDelivery(current, message) ? { ...message, deliveryStatus: current.deliveryStatus, deliveryError: current.deliveryError ?? null } : message);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
