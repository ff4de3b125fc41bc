import { ConversationStatus, OperatorRole, ROLES_THAT_SEE_ALL } from '@parley/shared/contracts';
import { Conversation } from '@parley/web/shared/data-access';

/**
 * The server's visibility rule (canSee, SPEC B2/B7) mirrored for live events: an agent's lists
 * drop a conversation that was transferred away or taken by someone else, at once.
 */
export function operatorMaySee(conversation: Pick<Conversation, 'status' | 'assignee' | 'participants'>, role: OperatorRole | null, meId: string | null): boolean {
  if (role === null) return false;
  if (ROLES_THAT_SEE_ALL.includes(role)) return true;
  if (role !== OperatorRole.agent || meId === null) return false;
  if (conversation.assignee?.id === meId) return true;
  if ((conversation.status === ConversationStatus.queued || conversation.status === ConversationStatus.bot) && !conversation.assignee) return true;
  return !!conversation.participants?.some((p) => p.id === meId);
}
