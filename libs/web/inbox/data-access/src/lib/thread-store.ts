import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf } from '@parley/web/shared/util';
import { ChatAttachment, EDIT_WINDOW_MS, ErrorCode, MessageAuthorType, TYPING_EXPIRE_MS } from '@parley/shared/contracts';
import { Conversation, ConversationActivity, InboxEvent, Message } from '@parley/web/shared/data-access';
import {
  SPLIT_EMAIL_MESSAGE,
  MOVE_EMAIL_MESSAGE,
  CLIENT_MAIL_CONVERSATIONS,
  CLOSE_CONVERSATION,
  CONVERSATION,
  EDIT_MESSAGE,
  RETRY_MESSAGE_DELIVERY,
  MARK_CONVERSATION_READ,
  MESSAGES,
  SEND_MESSAGE,
  TAKE_CONVERSATION,
} from '@parley/web/shared/data-access';
import { mergeMessages, withReadMarks } from './inbox-merge';
import { conflictSentence, takenConflict, withConflictState } from './conversation-access';

export const THREAD_PAGE_SIZE = 50;

/** Issue #10: a conversation an inbound e-mail can be moved into. */
export interface MailMoveTarget {
  id: string;
  subject: string | null;
  status: string;
  lastMessageAt: string;
  lastMessagePreview: string | null;
}
/** The API's largest `last`: pages fetched while reaching back to a search hit. */
export const THREAD_REVEAL_PAGE_SIZE = 200;

/** A message this operator sent that the server has not confirmed yet. */
export interface OutgoingMessage {
  clientId: string;
  body: string;
  state: 'sending' | 'failed';
  error: string | null;
  /** Files sent with it (SPEC A9), already uploaded. */
  attachments?: ChatAttachment[];
}

export type ThreadItem = { kind: 'message'; message: Message } | { kind: 'outgoing'; outgoing: OutgoingMessage };

/** Server messages in seq order, then the operator's unconfirmed ones (hidden once the server's copy is in). */
export function threadItems(messages: readonly Message[], outbox: readonly OutgoingMessage[]): ThreadItem[] {
  const confirmed = new Set(messages.map((m) => m.clientId).filter((id): id is string => !!id));
  return [
    ...messages.map((message) => ({ kind: 'message' as const, message })),
    ...outbox.filter((o) => !confirmed.has(o.clientId)).map((outgoing) => ({ kind: 'outgoing' as const, outgoing })),
  ];
}

/** What `markConversationRead` answers. */
export type ReadMarks = Pick<Conversation, 'id' | 'visitorReadSeq' | 'operatorReadSeq'> & { lastSeq?: number };

interface MessagesData {
  messages: { nodes: Message[]; hasMore: boolean };
}

/** The open conversation: its header data, its messages and the operator's outbox. */
@Injectable()
export class ThreadStore {
  private readonly api = inject(ApiClient);
  private readonly newClientId: () => string = () => crypto.randomUUID();
  private generation = 0;

  readonly conversationId = signal<string | null>(null);
  readonly conversation = signal<Conversation | null>(null);
  readonly messages = signal<Message[]>([]);
  readonly outbox = signal<OutgoingMessage[]>([]);
  readonly hasMore = signal(false);
  readonly loading = signal(false);
  readonly loadingEarlier = signal(false);
  readonly busy = signal<'take' | 'close' | null>(null);
  readonly error = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly items = computed(() => threadItems(this.messages(), this.outbox()));
  /** The message a search hit pointed at (`?seq=N`): loaded, scrolled to and highlighted. */
  readonly focusSeq = signal<number | null>(null);
  /** The visitor is typing (SPEC A6): with their unsent draft when they have typed something. */
  readonly visitorTyping = signal<{ draft: string | null } | null>(null);
  /** Issue #10: when the contact last wrote (the conversation query's, then each live visitor message's time). */
  readonly lastInboundAt = signal<string | null>(null);
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private readRequested = 0;
  /** A live event updated the conversation while `open` was loading it: its snapshot may be older. */
  private liveSinceLoad = false;

  async open(id: string): Promise<void> {
    const generation = ++this.generation;
    if (this.conversationId() !== id) {
      this.conversationId.set(id);
      this.conversation.set(null);
      this.messages.set([]);
      this.outbox.set([]);
      this.hasMore.set(false);
      this.setVisitorTyping(null);
      this.lastInboundAt.set(null);
      this.readRequested = 0;
    }
    this.loading.set(true);
    this.error.set(null);
    this.actionError.set(null);
    this.liveSinceLoad = false;
    try {
      const [conversation, page] = await Promise.all([
        this.api.request<{ conversation: Conversation }>(CONVERSATION, { id }),
        this.api.request<MessagesData>(MESSAGES, { conversationId: id, last: THREAD_PAGE_SIZE }),
      ]);
      if (generation !== this.generation) return;
      const loaded = conversation.conversation;
      this.noteInbound((loaded as Conversation & { lastInboundAt?: string | null }).lastInboundAt ?? null);
      // an event that arrived while the query ran (a reply, a take) is newer than the snapshot
      this.conversation.update((current) =>
        current && this.liveSinceLoad && current.id === loaded.id && current.lastSeq >= loaded.lastSeq ? withReadMarks(current, loaded) : withReadMarks(loaded, current),
      );
      this.messages.update((existing) => mergeMessages(existing, page.messages.nodes));
      this.hasMore.set(page.messages.hasMore);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /**
   * Opens the conversation and makes sure the message `seq` is loaded, fetching older pages
   * contiguously (no gaps, so live messages still merge cleanly) until it is.
   */
  async openAt(id: string, seq: number | null): Promise<void> {
    this.focusSeq.set(seq);
    await this.open(id);
    if (seq === null) return;
    for (let guard = 0; guard < 100; guard++) {
      const first = this.messages()[0];
      if (this.conversationId() !== id || !first || first.seq <= seq || !this.hasMore()) return;
      await this.loadEarlier(THREAD_REVEAL_PAGE_SIZE);
      if (this.actionError()) return;
    }
  }

  /** Refetches after a reconnect: events may have been missed. */
  reload(): void {
    const id = this.conversationId();
    if (id) void this.open(id);
  }

  async loadEarlier(pageSize = THREAD_PAGE_SIZE): Promise<void> {
    const id = this.conversationId();
    const first = this.messages()[0];
    if (!id || !first || !this.hasMore() || this.loadingEarlier()) return;
    this.loadingEarlier.set(true);
    try {
      const page = await this.api.request<MessagesData>(MESSAGES, {
        conversationId: id,
        beforeSeq: first.seq,
        last: pageSize,
      });
      if (this.conversationId() !== id) return;
      this.messages.update((existing) => mergeMessages(existing, page.messages.nodes));
      this.hasMore.set(page.messages.hasMore);
    } catch (error) {
      this.actionError.set(describeError(error));
    } finally {
      this.loadingEarlier.set(false);
    }
  }

  apply(event: InboxEvent): void {
    if (event.conversation.id !== this.conversationId()) return;
    if (event.kind === 'conversation_deleted') {
      this.error.set('This conversation was deleted.');
      return;
    }
    this.liveSinceLoad = true;
    this.conversation.update((current) =>
      current && event.conversation.lastSeq < current.lastSeq ? current : withReadMarks(event.conversation, current),
    );
    const message = event.message;
    if (message) this.messages.update((existing) => mergeMessages(existing, [message]));
    // the draft preview disappears when the message arrives
    if (message?.authorType === MessageAuthorType.visitor) {
      this.setVisitorTyping(null);
      this.noteInbound(message.createdAt);
    }
  }

  /** Keeps the newest time the contact wrote (a late snapshot does not move it back). */
  private noteInbound(at: string | null): void {
    if (!at) return;
    const current = this.lastInboundAt();
    if (!current || Date.parse(at) > Date.parse(current)) this.lastInboundAt.set(at);
  }

  /** Typing, read marks and edits of the open conversation (the `conversationActivity` subscription). */
  applyActivity(activity: ConversationActivity): void {
    if (activity.conversationId !== this.conversationId()) return;
    switch (activity.kind) {
      case 'typing':
        if (activity.typing?.authorType === MessageAuthorType.visitor) {
          this.setVisitorTyping(activity.typing.active ? { draft: activity.typing.draft || null } : null);
        }
        return;
      case 'read':
        this.conversation.update((c) =>
          c ? withReadMarks({ ...c, visitorReadSeq: activity.visitorReadSeq ?? 0, operatorReadSeq: activity.operatorReadSeq ?? 0 }, c) : c,
        );
        return;
      case 'message_edited': {
        const edited = activity.message;
        if (!edited) return;
        this.messages.update((list) => list.map((m) => (m.id === edited.id ? { ...m, body: edited.body, editedAt: edited.editedAt ?? null, editError: edited.editError ?? null } : m)));
        return;
      }
      case 'message_delivery': {
        // issue #10: queued → sent → delivered → read, or failed with the provider's reason
        const changed = activity.message;
        if (!changed) return;
        // a fast provider can report before the send's own answer lands: the reply joins the thread
        // now (the outgoing copy gives way to it by clientId) and the later "queued" copy does not undo it
        this.messages.update((list) =>
          list.some((m) => m.id === changed.id)
            ? list.map((m) => (m.id === changed.id ? { ...m, deliveryStatus: changed.deliveryStatus ?? null, deliveryError: changed.deliveryError ?? null, editError: changed.editError ?? null } : m))
            : mergeMessages(list, [changed]),
        );
        return;
      }
    }
  }

  /**
   * Tells the server (and so the visitor) that the operator has read up to the newest message.
   * Resolves with the conversation as it was before and the new read marks when they moved, so
   * the inbox list and its badges can follow at once (issue #17); null when nothing was marked.
   */
  async markRead(): Promise<{ before: Conversation; marks: ReadMarks } | null> {
    const conversation = this.conversation();
    const seq = Math.max(conversation?.lastSeq ?? 0, this.messages().at(-1)?.seq ?? 0);
    if (!conversation || seq <= conversation.operatorReadSeq || seq <= this.readRequested) return null;
    this.readRequested = seq;
    try {
      const data = await this.api.request<{ markConversationRead: ReadMarks }>(MARK_CONVERSATION_READ, { input: { conversationId: conversation.id, seq } });
      const marks = data.markConversationRead;
      this.conversation.update((c) => (c && c.id === marks.id ? withReadMarks({ ...c, ...marks }, c) : c));
      return { before: conversation, marks };
    } catch {
      this.readRequested = 0; // best effort: tried again on the next change
      return null;
    }
  }

  private setVisitorTyping(state: { draft: string | null } | null): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = state ? setTimeout(() => this.setVisitorTyping(null), TYPING_EXPIRE_MS) : null;
    this.visitorTyping.set(state);
  }

  /** Shows the message at once as "sending"; the server's copy replaces it. */
  send(body: string, attachments?: ChatAttachment[]): Promise<void> {
    const outgoing: OutgoingMessage = { clientId: this.newClientId(), body, state: 'sending', error: null, ...(attachments?.length ? { attachments } : {}) };
    this.outbox.update((list) => [...list, outgoing]);
    return this.deliver(outgoing);
  }

  /** A message sent outside the outbox of drafts (a WhatsApp template), shown at once. */
  addSent(message: Message): void {
    if (message.conversationId !== this.conversationId()) return;
    this.messages.update((existing) => mergeMessages(existing, [message]));
  }

  /** Sends a failed message again with the same clientId (the API is idempotent on it). */
  retry(clientId: string): Promise<void> {
    const outgoing = this.outbox().find((o) => o.clientId === clientId);
    if (!outgoing || outgoing.state === 'sending') return Promise.resolve();
    return this.deliver(outgoing);
  }

  discard(clientId: string): void {
    this.outbox.update((list) => list.filter((o) => o.clientId !== clientId));
  }

  /**
   * SPEC A10: the message the operator may edit now (ArrowUp, the pencil) — their own last one in
   * the thread, sent less than EDIT_WINDOW_MS ago, while none of theirs is still on its way (it
   * would become the last). Only where the channel shows edits to the reader (`capabilities.editable`: the web chat, Telegram).
   */
  editableMessage(operatorId: string | null | undefined, now: number): Message | null {
    if (!operatorId || this.outbox().length || !this.conversation()?.channel.capabilities?.editable) return null;
    const messages = this.messages();
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m.authorType === MessageAuthorType.operator && m.authorId === operatorId) {
        return now - Date.parse(m.createdAt) < EDIT_WINDOW_MS ? m : null;
      }
    }
    return null;
  }

  /**
   * Issue #10: sends a reply the provider refused again. The message goes back to queued at once
   * (the server's copy replaces it); the new outcome arrives live. Returns the error to show, or null.
   */
  async retryDelivery(messageId: string): Promise<string | null> {
    try {
      const data = await this.api.request<{ retryMessageDelivery: Message }>(RETRY_MESSAGE_DELIVERY, { messageId });
      const retried = data.retryMessageDelivery;
      this.messages.update((list) => list.map((m) => (m.id === retried.id ? { ...m, ...retried } : m)));
      return null;
    } catch (error) {
      return describeError(error);
    }
  }

  /** Issue #10: splits an inbound e-mail into a new conversation; the new conversation's id, or the error to show. */
  async splitEmail(messageId: string): Promise<{ conversationId: string } | { error: string }> {
    try {
      const data = await this.api.request<{ splitEmailMessage: { id: string } }>(SPLIT_EMAIL_MESSAGE, { messageId });
      return { conversationId: data.splitEmailMessage.id };
    } catch (error) {
      return { error: describeError(error) };
    }
  }

  /** Issue #10: the client's other conversations on this conversation's mailbox, newest first (where a mail can be moved). */
  async mailMoveTargets(): Promise<MailMoveTarget[] | { error: string }> {
    const c = this.conversation();
    if (!c?.contact) return [];
    try {
      const data = await this.api.request<{ contactConversations: { nodes: Array<MailMoveTarget & { channel: { id: string } }> } }>(CLIENT_MAIL_CONVERSATIONS, { contactId: c.contact.id });
      return data.contactConversations.nodes
        .filter((n) => n.id !== c.id && n.channel.id === c.channel.id)
        .map(({ id, subject, status, lastMessageAt, lastMessagePreview }) => ({ id, subject, status, lastMessageAt, lastMessagePreview }));
    } catch (error) {
      return { error: describeError(error) };
    }
  }

  /** Issue #10: moves an inbound e-mail into another conversation of the client; that conversation's id, or the error to show. */
  async moveEmail(messageId: string, conversationId: string): Promise<{ conversationId: string } | { error: string }> {
    try {
      const data = await this.api.request<{ moveEmailMessage: { id: string } }>(MOVE_EMAIL_MESSAGE, { messageId, conversationId });
      return { conversationId: data.moveEmailMessage.id };
    } catch (error) {
      return { error: describeError(error) };
    }
  }

  /** Saves the new text of the operator's message; the server's copy replaces it. Returns the error to show, or null. */
  async edit(messageId: string, body: string): Promise<string | null> {
    try {
      const data = await this.api.request<{ editMessage: Message }>(EDIT_MESSAGE, { input: { messageId, body } });
      const edited = data.editMessage;
      this.messages.update((list) => list.map((m) => (m.id === edited.id ? { ...m, ...edited } : m)));
      return null;
    } catch (error) {
      return editErrorText(error);
    }
  }

  /**
   * Issue #17: an action on the open conversation was answered with a concurrency conflict. The
   * view switches to the state that won — a lost take race at once (the error names the winner),
   * any other conflict by fetching the conversation again — and the returned sentence says what
   * happened. Null (and nothing changes) when `error` is no such conflict.
   */
  resolveConflict(error: unknown): string | null {
    const sentence = conflictSentence(error);
    if (!sentence) return null;
    const taken = takenConflict(error);
    if (taken) this.conversation.update((c) => (c ? withConflictState(c, taken) : c));
    else this.reload();
    return sentence;
  }

  async take(): Promise<Conversation | null> {
    return this.changeConversation('take', TAKE_CONVERSATION, 'takeConversation');
  }

  async close(): Promise<Conversation | null> {
    return this.changeConversation('close', CLOSE_CONVERSATION, 'closeConversation');
  }

  private async deliver(outgoing: OutgoingMessage): Promise<void> {
    const conversationId = this.conversationId();
    if (!conversationId) return;
    this.patchOutgoing(outgoing.clientId, { state: 'sending', error: null });
    try {
      const data = await this.api.request<{ sendMessage: Message }>(SEND_MESSAGE, {
        input: { conversationId, clientId: outgoing.clientId, body: outgoing.body, ...(outgoing.attachments ? { attachmentIds: outgoing.attachments.map((a) => a.id) } : {}) },
      });
      if (this.conversationId() !== conversationId) return;
      this.messages.update((existing) => mergeMessages(existing, [data.sendMessage]));
      this.discard(outgoing.clientId);
    } catch (error) {
      // issue #17: a reply that raced a colleague's take says who has the chat, and the view follows
      const taken = takenConflict(error);
      if (taken && this.conversationId() === conversationId) this.conversation.update((c) => (c ? withConflictState(c, taken) : c));
      this.patchOutgoing(outgoing.clientId, { state: 'failed', error: taken ? taken.message : describeError(error) });
    }
  }

  private patchOutgoing(clientId: string, patch: Partial<OutgoingMessage>): void {
    this.outbox.update((list) => list.map((o) => (o.clientId === clientId ? { ...o, ...patch } : o)));
  }

  private async changeConversation(
    action: 'take' | 'close',
    mutation: string,
    field: 'takeConversation' | 'closeConversation',
  ): Promise<Conversation | null> {
    const conversationId = this.conversationId();
    if (!conversationId || this.busy()) return null;
    this.busy.set(action);
    this.actionError.set(null);
    try {
      const data = await this.api.request<Record<typeof field, Conversation>>(mutation, { input: { conversationId } });
      const conversation = data[field];
      if (this.conversationId() === conversationId) this.conversation.set(conversation);
      return conversation;
    } catch (error) {
      this.actionError.set(this.resolveConflict(error) ?? describeError(error));
      return null;
    } finally {
      this.busy.set(null);
    }
  }
}

/** Why an edit was refused: the server says it best for the edit rules (not the last, too old, not yours). */
export function editErrorText(error: unknown): string {
  const code = errorCodeOf(error);
  const specific = code === ErrorCode.EditNotAllowed || code === ErrorCode.Forbidden || code === ErrorCode.NotFound;
  const text = specific && error instanceof Error && error.message ? error.message : describeError(error);
  return `The edit was not saved. ${/[.!?]$/.test(text) ? text : `${text}.`}`;
}
