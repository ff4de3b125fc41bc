import { CONFLICT_TAKEN, ConversationStatus, ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { conflictSentence, takenByOther, takenConflict, withConflictState } from './conversation-access';

const anna = { id: 'anna', displayName: 'Anna Nowak' };
const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphqlRequestError(ErrorCode.Conflict, message, [{ message, extensions: { code: ErrorCode.Conflict, ...extensions } }]);

describe('takenByOther (issue #17)', () => {
  it('names the winner for an agent shut out of another agent’s chat', () => {
    expect(takenByOther(aConversation({ status: ConversationStatus.open, assignee: anna }), 'boris', OperatorRole.agent)).toBe('Anna Nowak');
  });

  it('is null for the assignee, an invited agent, supervisors and admins, and unassigned chats', () => {
    const c = aConversation({ status: ConversationStatus.open, assignee: anna });
    expect(takenByOther(c, 'anna', OperatorRole.agent)).toBeNull();
    expect(takenByOther({ ...c, participants: [{ id: 'boris', displayName: 'Boris' }] }, 'boris', OperatorRole.agent)).toBeNull();
    expect(takenByOther(c, 'boris', OperatorRole.supervisor)).toBeNull();
    expect(takenByOther(c, 'boris', OperatorRole.admin)).toBeNull();
    expect(takenByOther(aConversation(), 'boris', OperatorRole.agent)).toBeNull();
    expect(takenByOther(null, 'boris', OperatorRole.agent)).toBeNull();
  });
});

describe('conflicts on a conversation (issue #17)', () => {
  it('a lost take race says who won and carries the state they left', () => {
    const lost = conflict('Anna Nowak took this conversation', { reason: CONFLICT_TAKEN, assignee: anna, status: 'open' });
    expect(takenConflict(lost)).toEqual({ assignee: anna, status: ConversationStatus.open, message: 'Anna Nowak took this conversation' });
    expect(conflictSentence(lost)).toBe('Anna Nowak took this conversation');
    expect(withConflictState(aConversation(), takenConflict(lost)!)).toMatchObject({ assignee: anna, status: 'open' });
  });

  it('other conflicts keep the API’s words without "reload and try again"', () => {
    expect(conflictSentence(conflict('A closed conversation cannot be snoozed'))).toBe('A closed conversation cannot be snoozed');
    expect(conflictSentence(conflict('The conversation changed meanwhile; reload and try again'))).toBe('Someone else changed this conversation meanwhile. It now shows what they left.');
    expect(conflictSentence(conflict('You already have 3 open chats (your limit is 3). Close one first.'))).toBe('You already have 3 open chats (your limit is 3). Close one first.');
  });

  it('is not about duplicates, other codes or plain errors', () => {
    expect(conflictSentence(conflict('A quick reply with the shortcut /thx exists already', { reason: 'ALREADY_EXISTS' }))).toBeNull();
    expect(conflictSentence(new GraphqlRequestError(ErrorCode.Forbidden, 'no'))).toBeNull();
    expect(conflictSentence(new Error('boom'))).toBeNull();
    expect(takenConflict(conflict('x'))).toBeNull();
  });
});
