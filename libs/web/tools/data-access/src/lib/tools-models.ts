import { OperatorRole } from '@parley/shared/contracts';
import { Channel, Conversation, Operator } from '@parley/web/shared/data-access';

export interface QuickReply {
  id: string;
  shortcut: string;
  body: string;
  shared: boolean;
  updatedAt: string;
}

export interface Teammate {
  id: string;
  displayName: string;
  role: OperatorRole;
  avatarUrl: string | null;
}

/** A private note (operators only), shown in the thread after the message with seq = afterSeq. */
export interface Note {
  id: string;
  conversationId: string;
  afterSeq: number;
  clientId: string | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  mentionedIds: string[];
  createdAt: string;
}

export interface AppNotification {
  id: string;
  kind: 'mention' | 'invited' | 'transferred' | 'task_due';
  conversationId: string | null;
  /** The conversation's contact as the inbox names it (issue #17); optional for older fixtures. */
  contactName?: string | null;
  /** The client a task_due is about (its card opens from the notification); optional for older fixtures. */
  contactId?: string | null;
  actorName: string | null;
  preview: string | null;
  readAt: string | null;
  createdAt: string;
}

/** A row of the client's timeline in the side panel. */
export type TimelineConversation = Pick<Conversation, 'id' | 'status' | 'lastMessageAt' | 'lastMessagePreview'> & {
  channel: Channel;
  assignee: Pick<Operator, 'id' | 'displayName'> | null;
};
