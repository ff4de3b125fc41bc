import { CONFLICT_TAKEN, ConversationStatus, ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { GraphqlRequestError, isAlreadyExists } from '@parley/web/shared/util';
import { Conversation, Operator } from '@parley/web/shared/data-access';

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

/** Also a reply refused because a colleague has the chat now (FORBIDDEN with the same details). */
export function takenConflict(error: unknown): TakenConflict | null {
  if (!(error instanceof GraphqlRequestError) || (error.code !== ErrorCode.Conflict && error.code !== ErrorCode.Forbidden)) return null;
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

/**
 * The sentence for a concurrency CONFLICT on a conversation action once the screen shows the new
 * state (issue #17): the API's own words (they say what the state is: "A closed conversation cannot
 * be snoozed"), never "reload and try again". Null when `error` is no such conflict.
 */
export function conflictSentence(error: unknown): string | null {
  const taken = takenConflict(error);
  if (taken) return taken.message;
  if (!(error instanceof GraphqlRequestError) || error.code !== ErrorCode.Conflict || isAlreadyExists(error)) return null;
  const said = error.message.trim();
  if (!said || /changed meanwhile/i.test(said)) return 'Someone else changed this conversation meanwhile. It now shows what they left.';
  return said.replace(/[;,]?\s*(reload and )?try again\.?$/i, '.').replace(/\.\.$/, '.');
}
