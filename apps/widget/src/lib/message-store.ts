/**
 * The widget's view of one conversation: stored messages (deduped by id, sorted by seq) and the
 * outbox of sends not yet acknowledged (matched to acks by clientId). Pure: no DOM, no timers.
 */
import type { ChatAttachment, VisitorMessage } from '@parley/shared/contracts';

export type PendingStatus = 'sending' | 'failed';

export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
  status: PendingStatus;
  /** Files sent with it (SPEC A9), already uploaded. */
  attachments?: ChatAttachment[];
  errorCode?: string;
  errorMessage?: string;
}

export type ChatItem =
  | { kind: 'message'; key: string; message: VisitorMessage }
  | { kind: 'pending'; key: string; pending: PendingMessage };

/** What `add`/`ack` did: a new message, a repeat of a known id, or a message that was rejected. */
export type AddResult = 'added' | 'duplicate';

function compare(a: VisitorMessage, b: VisitorMessage): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class MessageStore {
  conversationId: string | null = null;
  private readonly byId = new Map<string, VisitorMessage>();
  private sorted: VisitorMessage[] = [];
  private outbox: PendingMessage[] = [];

  get messages(): readonly VisitorMessage[] {
    return this.sorted;
  }

  get pending(): readonly PendingMessage[] {
    return this.outbox;
  }

  /** Highest seq the widget holds. */
  get maxSeq(): number {
    return this.sorted.length ? this.sorted[this.sorted.length - 1].seq : 0;
  }

  /**
   * The `lastSeq` to send in `hello`: the end of the first gapless run of seqs we hold. Seqs are
   * gapless on the server, so a hole means a message was missed; asking from before the hole makes
   * the server replay it (duplicates after it are dropped by id).
   */
  get lastSeq(): number {
    if (!this.sorted.length) return 0;
    let last = this.sorted[0].seq;
    for (let i = 1; i < this.sorted.length; i++) {
      const seq = this.sorted[i].seq;
      if (seq > last + 1) break;
      last = Math.max(last, seq);
    }
    return last;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Adds a message from the server. A message of another conversation means the server moved the
   * visitor to a new conversation: the old messages are dropped (the outbox is kept).
   * A message carrying the clientId of a pending send settles that send.
   */
  add(message: VisitorMessage): AddResult {
    if (message.clientId) this.removePending(message.clientId);
    if (this.byId.has(message.id)) return 'duplicate';
    if (this.conversationId !== null && message.conversationId !== this.conversationId) {
      this.reset(message.conversationId);
    }
    this.conversationId = message.conversationId;
    this.byId.set(message.id, message);
    // Binary insertion keeps the list sorted whatever order frames arrive in.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.sorted[mid], message) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.sorted = [...this.sorted.slice(0, lo), message, ...this.sorted.slice(lo)];
    return 'added';
  }

  /** A `message_edited`: the stored copy takes the new body and edit mark; unknown ids are ignored. */
  edit(message: VisitorMessage): boolean {
    const current = this.byId.get(message.id);
    if (!current) return false;
    const updated: VisitorMessage = { ...current, body: message.body, editedAt: message.editedAt ?? null };
    this.byId.set(message.id, updated);
    this.sorted = this.sorted.map((m) => (m.id === message.id ? updated : m));
    return true;
  }

  /**
   * The visitor's message that may be edited now: their last one, if no send of theirs is still
   * pending and it is younger than `windowMs`.
   */
  lastEditable(now: Date, windowMs: number): VisitorMessage | null {
    if (this.outbox.length) return null;
    for (let i = this.sorted.length - 1; i >= 0; i--) {
      const m = this.sorted[i];
      if (m.authorType !== 'visitor') continue;
      const age = now.getTime() - new Date(m.createdAt).getTime();
      return Number.isFinite(age) && age <= windowMs ? m : null;
    }
    return null;
  }

  /** An `ack`: the pending send with this clientId (if any) becomes the stored message. */
  ack(clientId: string, message: VisitorMessage): AddResult {
    this.removePending(clientId);
    return this.add(message);
  }

  addPending(clientId: string, body: string, createdAt: string, attachments?: ChatAttachment[]): PendingMessage {
    const existing = this.outbox.find((p) => p.clientId === clientId);
    if (existing) return existing;
    const pending: PendingMessage = { clientId, body, createdAt, status: 'sending', ...(attachments?.length ? { attachments } : {}) };
    this.outbox = [...this.outbox, pending];
    return pending;
  }

  /** Marks a pending send as failed; false when no such send is pending. */
  fail(clientId: string, code: string, message: string): boolean {
    let found = false;
    this.outbox = this.outbox.map((p) => {
      if (p.clientId !== clientId) return p;
      found = true;
      return { ...p, status: 'failed', errorCode: code, errorMessage: message };
    });
    return found;
  }

  /** Puts a failed send back to "sending" (for a retry); returns it, or undefined. */
  retry(clientId: string): PendingMessage | undefined {
    let result: PendingMessage | undefined;
    this.outbox = this.outbox.map((p) => {
      if (p.clientId !== clientId) return p;
      result = { clientId: p.clientId, body: p.body, createdAt: p.createdAt, status: 'sending', ...(p.attachments ? { attachments: p.attachments } : {}) };
      return result;
    });
    return result;
  }

  removePending(clientId: string): boolean {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((p) => p.clientId !== clientId);
    return this.outbox.length !== before;
  }

  /** Sends to (re)transmit, oldest first. */
  sendable(): PendingMessage[] {
    return this.outbox.filter((p) => p.status === 'sending');
  }

  /** Forgets the stored messages (not the outbox), e.g. when the conversation changed. */
  reset(conversationId: string | null): void {
    this.conversationId = conversationId;
    this.byId.clear();
    this.sorted = [];
  }

  /** Stored messages by seq, then pending sends in the order they were written. */
  items(): ChatItem[] {
    return [
      // Keyed by clientId where there is one, so a pending bubble and its acked message share a key.
      ...this.sorted.map((m): ChatItem => ({ kind: 'message', key: m.clientId ? `c:${m.clientId}` : `m:${m.id}`, message: m })),
      ...this.outbox.map((p): ChatItem => ({ kind: 'pending', key: `c:${p.clientId}`, pending: p })),
    ];
  }
}
