import { ConversationStatus, MAX_MESSAGE_LENGTH, MessageAuthorType, OperatorRole } from '@parley/shared/contracts';
import { ConversationActivityEvent, ConversationActivityKind, isActivityEvent, shouldDeliverActivity, truncateDraft } from './conversation-activity';

const typing = (over: Partial<ConversationActivityEvent> = {}): ConversationActivityEvent => ({
  kind: ConversationActivityKind.typing,
  conversationId: 'c1',
  status: ConversationStatus.open,
  assigneeId: 'anna',
  typing: { authorType: MessageAuthorType.visitor, operatorId: null, name: null, active: true, draft: 'hi' },
  ...over,
});

describe('conversation activity', () => {
  it('truncates drafts to the message limit in code points and drops NUL', () => {
    expect(truncateDraft('a\u0000b')).toBe('ab');
    expect(truncateDraft(42)).toBe('');
    const long = '😀'.repeat(MAX_MESSAGE_LENGTH + 5);
    expect([...truncateDraft(long)]).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(truncateDraft('abcdef', 3)).toBe('abc');
  });

  it('delivers to operators who may see the conversation, never an operator their own typing', () => {
    expect(shouldDeliverActivity({ role: OperatorRole.agent, operatorId: 'anna' }, typing())).toBe(true);
    expect(shouldDeliverActivity({ role: OperatorRole.agent, operatorId: 'boris' }, typing())).toBe(false);
    expect(shouldDeliverActivity({ role: OperatorRole.observer, operatorId: 'olga' }, typing())).toBe(true);
    expect(shouldDeliverActivity({ role: OperatorRole.agent, operatorId: 'boris' }, typing({ status: ConversationStatus.queued, assigneeId: null }))).toBe(true);
    const own = typing({ typing: { authorType: MessageAuthorType.operator, operatorId: 'anna', name: 'Anna', active: true, draft: null } });
    expect(shouldDeliverActivity({ role: OperatorRole.agent, operatorId: 'anna' }, own)).toBe(false);
    expect(shouldDeliverActivity({ role: OperatorRole.admin, operatorId: 'admin' }, own)).toBe(true);
  });

  it('tells activity events from message events', () => {
    expect(isActivityEvent({ kind: 'typing' })).toBe(true);
    expect(isActivityEvent({ kind: 'message_created' })).toBe(false);
  });
});
