import { ConversationStatus, OperatorRole } from '@parley/shared/contracts';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { operatorMaySee } from './client-visibility';

describe('operatorMaySee', () => {
  const other = { id: 'other', displayName: 'Other' };
  it('mirrors the server: agents see theirs, the queue and chats they were invited into', () => {
    expect(operatorMaySee(aConversation({ status: ConversationStatus.queued }), OperatorRole.agent, 'me')).toBe(true);
    expect(operatorMaySee(aConversation({ status: ConversationStatus.open, assignee: { id: 'me', displayName: 'Me' } }), OperatorRole.agent, 'me')).toBe(true);
    expect(operatorMaySee(aConversation({ status: ConversationStatus.open, assignee: other }), OperatorRole.agent, 'me')).toBe(false);
    expect(operatorMaySee(aConversation({ status: ConversationStatus.open, assignee: other, participants: [{ id: 'me', displayName: 'Me' }] }), OperatorRole.agent, 'me')).toBe(true);
    expect(operatorMaySee(aConversation({ status: ConversationStatus.open, assignee: other }), OperatorRole.observer, 'me')).toBe(true);
    expect(operatorMaySee(aConversation(), null, null)).toBe(false);
  });
});
