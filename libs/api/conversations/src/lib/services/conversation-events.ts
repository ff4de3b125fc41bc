import { ChatMessage, ConversationPriority, ConversationStatus, OperatorRole, ROLES_THAT_SEE_ALL } from '@parley/shared/contracts';
import { AuthUser } from '@parley/api/platform/auth';
import { ConversationEntity } from '../entities/conversation.entity';
import { DeliveryStatus, MessageEntity } from '../entities/message.entity';
import { InboxEventKind } from '../dto/inbox-event.object';
import { attachmentPath } from '../attachments/attachment-signer';

/** What travels on the event bus (JSON: dates as ISO strings). */
export interface ConversationSnapshot {
  id: string;
  workspaceId: string;
  channelId: string;
  contactId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  /** Invited operators (SPEC B7); optional so older payloads stay valid (read as none). */
  participantIds?: string[];
  /** SPEC B3 group; optional so older payloads and fixtures stay valid (read as null). */
  groupId?: string | null;
  lastSeq: number;
  /** Read positions (SPEC A6); optional so older payloads and fixtures stay valid (read as 0). */
  visitorReadSeq?: number;
  operatorReadSeq?: number;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  createdAt: string;
  /** Issue #4; optional so older payloads stay valid (read as normal / not snoozed). */
  priority?: ConversationPriority;
  snoozedUntil?: string | null;
}

/**
 * A message on the event bus: the shared wire shape, plus who wrote it (operators' apps use it to
 * offer editing one's own last message, SPEC A10). The visitor gateway drops `authorId`.
 */
export type MessageSnapshot = ChatMessage & {
  authorId?: string | null;
  /** Issue #10: an outbound message's state on its channel, and why it failed (operators only; the widget never gets them). */
  deliveryStatus?: DeliveryStatus | null;
  deliveryError?: string | null;
  /** Why the newest edit did not reach the channel's copy (operators only). */
  editError?: string | null;
  /** Sanitised HTML of an e-mail. */
  html?: string | null;
};

export interface InboxEventPayload {
  kind: InboxEventKind;
  conversation: ConversationSnapshot;
  message: MessageSnapshot | null;
  /** Who had it before this change: lets an agent's list drop a chat another agent just took. */
  previousAssigneeId?: string | null;
  previousStatus?: ConversationStatus;
  /** The group before a move (SPEC B3), so agents of the old group drop it. */
  previousGroupId?: string | null;
}

/** Published on Topics.conversation(id): what a visitor's sockets need. */
export interface ConversationTopicEvent {
  kind: InboxEventKind;
  message?: MessageSnapshot;
  status?: ConversationStatus;
  assigneeName?: string | null;
  /** An operator joined (took or was assigned the conversation): the widget shows "<name> joined". */
  joined?: { name: string; avatarUrl: string | null };
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function conversationSnapshot(c: ConversationEntity): ConversationSnapshot {
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    channelId: c.channelId,
    contactId: c.contactId,
    status: c.status,
    assigneeId: c.assigneeId,
    participantIds: c.participantIds ?? [],
    groupId: c.groupId ?? null,
    lastSeq: c.lastSeq,
    visitorReadSeq: c.visitorReadSeq ?? 0,
    operatorReadSeq: c.operatorReadSeq ?? 0,
    lastMessageAt: iso(c.lastMessageAt),
    lastMessagePreview: c.lastMessagePreview,
    createdAt: iso(c.createdAt),
    priority: c.priority ?? ConversationPriority.normal,
    snoozedUntil: c.snoozedUntil ? iso(c.snoozedUntil) : null,
  };
}

export function messageSnapshot(m: MessageEntity): MessageSnapshot {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    clientId: m.clientId,
    authorType: m.authorType,
    authorId: m.authorId,
    authorName: m.authorName,
    body: m.body,
    createdAt: iso(m.createdAt),
    editedAt: m.editedAt ? iso(m.editedAt) : null,
    ...(m.deliveryStatus ? { deliveryStatus: m.deliveryStatus, deliveryError: m.deliveryError ?? null } : {}),
    ...(m.editError ? { editError: m.editError } : {}),
    ...(m.html ? { html: m.html } : {}),
    ...(m.card ? { card: m.card } : {}),
    // the bare path needs a bearer token; each reader's edge replaces it with a link signed for them
    ...(m.attachments?.length ? { attachments: m.attachments.map((a) => ({ ...a, url: attachmentPath(a.id) })) } : {}),
  };
}

/** An operator as visibility sees them: with the ids of their groups (SPEC B3/B4); none when omitted. */
export type Viewer = Pick<AuthUser, 'role' | 'operatorId'> & { groupIds?: readonly string[] };

/**
 * SPEC B2/B4/B7: agents see their own conversations, the ones they were invited into, and the
 * queue of their groups (queued conversations without a group are everyone's queue), including
 * the unassigned chats the bot is handling there (SPEC D2) and the unassigned pending ones (an
 * offline-form request, SPEC C2, waits there for the first operator back); the other
 * roles see everything. `visibilitySql` is the same rule in SQL.
 */
/** Statuses whose unassigned conversations agents of the group (or everyone, without a group) see. */
export const UNASSIGNED_VISIBLE_STATUSES: readonly ConversationStatus[] = [ConversationStatus.queued, ConversationStatus.bot, ConversationStatus.pending];

export function canSee(user: Viewer, c: Pick<ConversationSnapshot, 'status' | 'assigneeId' | 'participantIds'> & { groupId?: string | null }): boolean {
  if (ROLES_THAT_SEE_ALL.includes(user.role)) return true;
  if (user.role !== OperatorRole.agent) return false;
  if (c.assigneeId === user.operatorId || !!c.participantIds?.includes(user.operatorId)) return true;
  // SPEC D2: a chat the bot handles is seen like the queue (agents may take it over); so is an
  // unassigned pending one (an offline-form request waiting for whoever is back first)
  if (!UNASSIGNED_VISIBLE_STATUSES.includes(c.status) || c.assigneeId !== null) return false;
  return !c.groupId || (user.groupIds ?? []).includes(c.groupId);
}

/** Whether an agent may write into a conversation they can see: not when another agent has it, unless invited (B7). */
export function isOthersConversation(user: Pick<AuthUser, 'role' | 'operatorId'>, c: Pick<ConversationSnapshot, 'assigneeId' | 'participantIds'>): boolean {
  return user.role === OperatorRole.agent && !!c.assigneeId && c.assigneeId !== user.operatorId && !c.participantIds?.includes(user.operatorId);
}

/**
 * Whether a live event goes to this operator: anything they may see, plus the moment a queued
 * conversation leaves the queue (so their list drops it) — nothing more of other agents' chats.
 */
export function shouldDeliver(user: Viewer, e: InboxEventPayload): boolean {
  if (canSee(user, e.conversation)) return true;
  const previousGroupId = e.previousGroupId !== undefined ? e.previousGroupId : (e.conversation.groupId ?? null);
  const wasVisible = canSee(user, { status: e.previousStatus ?? e.conversation.status, assigneeId: e.previousAssigneeId ?? null, groupId: previousGroupId });
  return e.kind === InboxEventKind.conversation_updated && e.previousStatus !== undefined && wasVisible;
}
