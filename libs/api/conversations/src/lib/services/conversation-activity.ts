import { ConversationStatus, MAX_MESSAGE_LENGTH, MessageAuthorType } from '@parley/shared/contracts';
import { canSee, MessageSnapshot, Viewer } from './conversation-events';

/** Kinds of ephemeral / in-place changes published on Topics.conversation(id) (SPEC A6, A10). */
export enum ConversationActivityKind {
  typing = 'typing',
  read = 'read',
  message_edited = 'message_edited',
  /** Issue #10: an outbound message moved on its channel (sent, delivered, read, failed); `message` carries it. */
  message_delivery = 'message_delivery',
  /** SPEC E8: the web chat visitor opened another page; the Visit widget reads the visit again. */
  visit = 'visit',
  /** SPEC E9: the site reported the visitor's cart again (Parley.setCart); the Current cart widget reads it again. */
  cart = 'cart',
}

export interface TypingSnapshot {
  authorType: MessageAuthorType;
  /** Set for operators, so an operator's own typing is not echoed back to them. */
  operatorId: string | null;
  name: string | null;
  active: boolean;
  /** The visitor's unsent text (truncated); null for operators and when inactive. */
  draft: string | null;
}

/** Published on Topics.conversation(id) next to ConversationTopicEvent; never stored. */
export interface ConversationActivityEvent {
  kind: ConversationActivityKind;
  conversationId: string;
  /** The conversation's state when published, for the visibility check of each receiver. */
  status: ConversationStatus;
  assigneeId: string | null;
  /** Invited operators (SPEC B7), who see the conversation too. */
  participantIds?: string[];
  typing?: TypingSnapshot;
  visitorReadSeq?: number;
  operatorReadSeq?: number;
  message?: MessageSnapshot;
}

const ACTIVITY_KINDS: readonly string[] = Object.values(ConversationActivityKind);

export function isActivityEvent(e: { kind: string }): e is ConversationActivityEvent {
  return ACTIVITY_KINDS.includes(e.kind);
}

/** Whether an operator's `conversationActivity` subscription receives this event. */
export function shouldDeliverActivity(user: Viewer, e: ConversationActivityEvent): boolean {
  if (!canSee(user, e)) return false;
  return !(e.typing && e.typing.operatorId === user.operatorId);
}

/** The draft preview: text only, at most MAX_MESSAGE_LENGTH code points, no NUL. */
export function truncateDraft(draft: unknown, max = MAX_MESSAGE_LENGTH): string {
  if (typeof draft !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const clean = draft.replace(/\u0000/g, '');
  let out = '';
  let n = 0;
  for (const ch of clean) {
    if (n++ >= max) break;
    out += ch;
  }
  return out;
}
