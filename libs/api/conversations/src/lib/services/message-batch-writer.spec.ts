import { ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';
import { applyMessage, ConversationState } from './message-batch-writer';

const state = (s: Partial<ConversationState>): ConversationState => ({ status: ConversationStatus.queued, assigneeId: null, lastSeq: 0, closedAt: null, ...s });
const closedAt = new Date('2026-11-20T10:00:00Z');

describe('applyMessage (what one message does to its conversation)', () => {
  it('gives every message the next seq', () => {
    let s = state({ lastSeq: 41 });
    s = applyMessage(s, MessageAuthorType.visitor, 'v-1');
    s = applyMessage(s, MessageAuthorType.visitor, 'v-1');
    expect(s.lastSeq).toBe(43);
  });

  it('leaves a queued conversation in the queue when the visitor writes', () => {
    expect(applyMessage(state({}), MessageAuthorType.visitor, 'v-1')).toMatchObject({ status: 'queued', assigneeId: null });
  });

  it('lets the operator who answers a queued conversation take it', () => {
    expect(applyMessage(state({}), MessageAuthorType.operator, 'op-1')).toMatchObject({ status: 'open', assigneeId: 'op-1' });
  });

  it('keeps the assignee when another operator writes in an open conversation', () => {
    expect(applyMessage(state({ status: ConversationStatus.open, assigneeId: 'op-1' }), MessageAuthorType.operator, 'op-2')).toMatchObject({ status: 'open', assigneeId: 'op-1' });
  });

  it('reopens a closed conversation for its operator when the visitor writes again (SPEC A5)', () => {
    expect(applyMessage(state({ status: ConversationStatus.closed, assigneeId: 'op-1', closedAt }), MessageAuthorType.visitor, 'v-1')).toEqual({ status: 'open', assigneeId: 'op-1', lastSeq: 1, closedAt: null });
  });

  it('an automated visitor message (an e-mail auto-reply) keeps a closed conversation closed; it reopens nothing else', () => {
    expect(applyMessage(state({ status: ConversationStatus.closed, assigneeId: 'op-1', closedAt }), MessageAuthorType.visitor, 'v-1', true)).toEqual({ status: 'closed', assigneeId: 'op-1', lastSeq: 1, closedAt });
    expect(applyMessage(state({ status: ConversationStatus.open, assigneeId: 'op-1' }), MessageAuthorType.visitor, 'v-1', true)).toMatchObject({ status: 'open', assigneeId: 'op-1', lastSeq: 1 });
  });

  it('puts a closed conversation nobody has back in the queue when the visitor writes again', () => {
    expect(applyMessage(state({ status: ConversationStatus.closed, closedAt }), MessageAuthorType.visitor, 'v-1')).toMatchObject({ status: 'queued', closedAt: null });
  });

  it('SPEC D2: the bot’s own (system) messages and the visitor’s answers leave a bot conversation with the bot; an operator’s message takes it over', () => {
    const bot = state({ status: ConversationStatus.bot });
    expect(applyMessage(bot, MessageAuthorType.system, null)).toMatchObject({ status: 'bot', assigneeId: null });
    expect(applyMessage(bot, MessageAuthorType.visitor, 'v-1')).toMatchObject({ status: 'bot', assigneeId: null });
    expect(applyMessage(bot, MessageAuthorType.operator, 'op-1')).toMatchObject({ status: 'open', assigneeId: 'op-1' });
  });

  it('reopens a closed conversation when an operator writes in it', () => {
    expect(applyMessage(state({ status: ConversationStatus.closed, assigneeId: 'op-1', closedAt }), MessageAuthorType.operator, 'op-1')).toMatchObject({ status: 'open', closedAt: null });
  });

  it('does not change a pending conversation on a visitor message', () => {
    expect(applyMessage(state({ status: ConversationStatus.pending, assigneeId: 'op-1' }), MessageAuthorType.visitor, 'v-1')).toMatchObject({ status: 'pending', assigneeId: 'op-1' });
  });

  it('does not mutate its input', () => {
    const s = state({ status: ConversationStatus.closed, closedAt });
    applyMessage(s, MessageAuthorType.visitor, 'v-1');
    expect(s).toEqual(state({ status: ConversationStatus.closed, closedAt }));
  });
});
