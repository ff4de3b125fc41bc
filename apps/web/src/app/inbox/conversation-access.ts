import { CONFLICT_TAKEN, ConversationStatus, ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { GraphqlRequestError } from '../core/graphql-error';
import { Conversation, Operator } from '../core/models';

/**
 * Issue #17: the name of the operator who has this conversation when that shuts the signed-in
 * operator out — an agent may not reply in, close or take another agent's chat unless invited
 * (the API's `isOthersConversation`). Null when the operator may still act on it.
 */
export function takenByOther(c: Conversation | null, meId: string | null, role: OperatorRole | null): string | null {
  if (!c?.assignee || role !== OperatorRole.agent || !meId) return null;
  if (c.assignee.id === meId || c.participants?.some((p) => p.id === meId)) return null;
  return c.assignee.displayName;
}

/** What a lost take race says (the API's CONFLICT with reason TAKEN): the winner and the state they left. */
export interface TakenConflict {
  assignee: Pick<Operator, 'id' | 'displayName'> | null;
  status: ConversationStatus | null;
  message: string;
}

export function takenConflict(error: unknown): TakenConflict | null {
  if (!(error instanceof GraphqlRequestError) || error.code !== ErrorCode.Conflict) return null;
  const ext = error.errors[0]?.extensions;
  if (ext?.['reason'] !== CONFLICT_TAKEN) return null;
  const assignee = ext['assignee'] as TakenConflict['assignee'] | undefined;
  const name = assignee?.displayName;
  return {
    assignee: assignee ?? null,
    status: (ext['status'] as ConversationStatus | undefined) ?? null,
    message: name ? `${name} took this conversation` : 'Another operator took this conversation',
  };
}

/** The conversation as a lost race left it: the winner's assignment and status on top of what the screen had. */
export function withConflictState(c: Conversation, conflict: TakenConflict): Conversation {
  return { ...c, ...(conflict.assignee ? { assignee: conflict.assignee } : {}), ...(conflict.status ? { status: conflict.status } : {}) };
}
