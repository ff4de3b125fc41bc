import { OperatorRole } from '@parley/shared/contracts';
import { InboxEvent } from '@parley/web/shared/data-access';
import { contactName } from '@parley/web/inbox/data-access';

/** SPEC A7: never more than one sound per this many ms. */
export const SOUND_MIN_INTERVAL_MS = 1000;

export interface NotifyContext {
  me: { id: string; role: OperatorRole };
  /** The conversation open in the workspace, if any. */
  openConversationId: string | null;
  /** The tab is visible (document.visibilityState === 'visible'). */
  tabVisible: boolean;
  /** Queued conversations already announced (so a chatty visitor in the queue rings once). */
  announced: ReadonlySet<string>;
}

export interface NotificationDecision {
  kind: 'new_conversation' | 'new_message';
  conversationId: string;
  title: string;
  body: string;
}

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What the notification says about a message: its text, or the names of its files. */
export function messageSummary(event: InboxEvent): string {
  const m = event.message;
  if (!m) return '';
  const text = m.body.replace(/\s+/g, ' ').trim();
  if (text) return clip(text);
  const files = m.attachments ?? [];
  return files.length ? clip(`📎 ${files.map((f) => f.name).join(', ')}`) : '';
}

/**
 * Which inbox events notify this operator (SPEC A7):
 * - a visitor's message in a conversation assigned to me → "new message";
 * - a visitor's message that puts a conversation in the queue (unassigned, queued), once per stay
 *   in the queue → "new conversation" (observers cannot take chats: not for them);
 * and only when I am not looking at it (tab hidden, or another conversation open).
 * Operators' own messages, system messages, status changes and deletions never notify. The
 * server only sends events of conversations I may see, so visibility is already applied.
 */
export function decideNotification(event: InboxEvent, ctx: NotifyContext): NotificationDecision | null {
  if (event.kind !== 'message_created' || !event.message || event.message.authorType !== 'visitor') return null;
  const c = event.conversation;
  if (ctx.tabVisible && ctx.openConversationId === c.id) return null;
  const who = contactName(c);
  if (c.assignee?.id === ctx.me.id) {
    return { kind: 'new_message', conversationId: c.id, title: `New message from ${who}`, body: messageSummary(event) };
  }
  if (c.status === 'queued' && !c.assignee && ctx.me.role !== OperatorRole.observer && !ctx.announced.has(c.id)) {
    return { kind: 'new_conversation', conversationId: c.id, title: `New conversation: ${who}`, body: messageSummary(event) };
  }
  return null;
}

/** The queued conversations announced so far, after this event: leaving the queue forgets one. */
export function updateAnnounced(announced: Set<string>, event: InboxEvent, decision: NotificationDecision | null): Set<string> {
  const c = event.conversation;
  if (decision?.kind === 'new_conversation') announced.add(c.id);
  else if (event.kind === 'conversation_deleted' || c.status !== 'queued' || c.assignee) announced.delete(c.id);
  return announced;
}

/** Lets one call through per `intervalMs`; the rest are dropped (a burst of messages plays one sound). */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  tryAcquire(): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs) return false;
    this.last = t;
    return true;
  }
}
