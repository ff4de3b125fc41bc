import { ConversationStatus } from '@parley/shared/contracts';

/**
 * Topics of the agent tools. Notes travel on their own topic, never on Topics.conversation (which
 * the visitor gateway follows), so no visitor socket can receive one.
 */
export const ToolTopics = {
  notes: (conversationId: string) => `notes:${conversationId}`,
  notifications: (operatorId: string) => `notifications:${operatorId}`,
};

/** A note on the bus, with the conversation's state for each receiver's visibility check. */
export interface NoteEvent {
  note: { id: string; conversationId: string; afterSeq: number; clientId: string | null; authorId: string | null; authorName: string | null; body: string; mentionedIds: string[]; createdAt: string };
  status: ConversationStatus;
  assigneeId: string | null;
  participantIds: string[];
}

export interface NotificationEvent {
  id: string;
  kind: string;
  conversationId: string | null;
  /** A task_due notification's task and client (issue #11); absent on the others. */
  taskId?: string | null;
  contactId?: string | null;
  actorName: string | null;
  preview: string | null;
  createdAt: string;
}

/** Published on Topics.conversation(id): the visitor gateway turns it into a ParticipantFrame (SPEC B7). */
export interface ParticipantTopicEvent {
  kind: 'participant';
  event: 'joined' | 'left';
  name: string;
  avatarUrl: string | null;
}

export function isParticipantEvent(e: { kind: string }): e is ParticipantTopicEvent {
  return e.kind === 'participant';
}
