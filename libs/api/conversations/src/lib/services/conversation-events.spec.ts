import { ConversationStatus, OperatorRole } from '@parley/shared/contracts';
import { InboxEventKind } from '../dto/inbox-event.object';
import { canSee, InboxEventPayload, isOthersConversation, shouldDeliver } from './conversation-events';
import { visibilitySql } from './visibility-sql';

const me = { operatorId: 'me', workspaceId: 'w', role: OperatorRole.agent };
const conv = (status: ConversationStatus, assigneeId: string | null) => ({
  id: 'c', workspaceId: 'w', channelId: 'ch', contactId: 'ct', status, assigneeId, lastSeq: 1,
  lastMessageAt: '2026-01-01T00:00:00.000Z', lastMessagePreview: 'hi', createdAt: '2026-01-01T00:00:00.000Z',
});

describe('canSee (SPEC B2)', () => {
  it.each([
    [OperatorRole.agent, ConversationStatus.queued, null, true],
    // SPEC D2: an unassigned chat the bot handles is seen like the queue
    [OperatorRole.agent, ConversationStatus.bot, null, true],
    [OperatorRole.agent, ConversationStatus.bot, 'other', false],
    [OperatorRole.agent, ConversationStatus.open, 'me', true],
    [OperatorRole.agent, ConversationStatus.open, 'other', false],
    [OperatorRole.agent, ConversationStatus.closed, 'other', false],
    // SPEC C2: an unassigned pending conversation (offline form) is seen like the queue
    [OperatorRole.agent, ConversationStatus.pending, null, true],
    [OperatorRole.agent, ConversationStatus.pending, 'other', false],
    [OperatorRole.observer, ConversationStatus.open, 'other', true],
    [OperatorRole.supervisor, ConversationStatus.open, 'other', true],
    [OperatorRole.admin, ConversationStatus.closed, 'other', true],
  ])('%s, %s conversation assigned to %p → %p', (role, status, assignee, expected) => {
    expect(canSee({ role, operatorId: 'me' }, { status, assigneeId: assignee })).toBe(expected);
  });
});

describe('participants (SPEC B7)', () => {
  it('lets an invited agent see and write into another agent\'s conversation, and nobody else', () => {
    const c = { status: ConversationStatus.open, assigneeId: 'other', participantIds: ['me'] };
    expect(canSee(me, c)).toBe(true);
    expect(isOthersConversation(me, c)).toBe(false);
    expect(canSee({ ...me, operatorId: 'third' }, c)).toBe(false);
    expect(isOthersConversation({ ...me, operatorId: 'third' }, c)).toBe(true);
    expect(canSee(me, { status: ConversationStatus.open, assigneeId: 'other' })).toBe(false);
    expect(canSee({ role: OperatorRole.observer, operatorId: 'x' }, c)).toBe(true);
    expect(isOthersConversation({ role: OperatorRole.supervisor, operatorId: 'x' }, c)).toBe(false);
  });

  it('is the same rule in SQL', () => {
    expect(visibilitySql(me, 'c', () => '$1')).toContain('c.participant_ids @> ARRAY[$1]::uuid[]');
    expect(visibilitySql({ role: OperatorRole.admin }, 'c', () => '$1')).toBeNull();
  });

  it('delivers a transfer to the agent who had the conversation (their list drops it)', () => {
    const e: InboxEventPayload = {
      kind: InboxEventKind.conversation_updated, conversation: conv(ConversationStatus.open, 'other'), message: null,
      previousStatus: ConversationStatus.open, previousAssigneeId: 'me',
    };
    expect(shouldDeliver(me, e)).toBe(true);
    expect(shouldDeliver(me, { ...e, kind: InboxEventKind.message_created })).toBe(false);
  });
});

describe('shouldDeliver', () => {
  const evt = (c: ReturnType<typeof conv>, extra: Partial<InboxEventPayload> = {}): InboxEventPayload => ({
    kind: InboxEventKind.conversation_updated, conversation: c, message: null, ...extra,
  });

  it('tells an agent that a queued chat was taken by someone else, once', () => {
    expect(shouldDeliver(me, evt(conv(ConversationStatus.open, 'other'), { previousStatus: ConversationStatus.queued, previousAssigneeId: null }))).toBe(true);
  });

  it('does not leak messages of another agent\'s chat', () => {
    expect(shouldDeliver(me, { ...evt(conv(ConversationStatus.open, 'other')), kind: InboxEventKind.message_created })).toBe(false);
    expect(shouldDeliver(me, evt(conv(ConversationStatus.closed, 'other'), { previousStatus: ConversationStatus.open, previousAssigneeId: 'other' }))).toBe(false);
  });
});

describe('canSee with groups (SPEC B4)', () => {
  const agentA = { role: OperatorRole.agent, operatorId: 'me', groupIds: ['A'] };
  it.each([
    ['queued in my group', { status: ConversationStatus.queued, assigneeId: null, groupId: 'A' }, true],
    ['queued in another group', { status: ConversationStatus.queued, assigneeId: null, groupId: 'B' }, false],
    ['queued without a group', { status: ConversationStatus.queued, assigneeId: null, groupId: null }, true],
    ['mine, in another group', { status: ConversationStatus.open, assigneeId: 'me', groupId: 'B' }, true],
  ])('an agent of group A: %s → %p', (_, c, expected) => {
    expect(canSee(agentA, c)).toBe(expected);
  });

  it('an agent without groups sees only the no-group queue; supervisors see every group', () => {
    expect(canSee({ role: OperatorRole.agent, operatorId: 'me' }, { status: ConversationStatus.queued, assigneeId: null, groupId: 'A' })).toBe(false);
    expect(canSee({ role: OperatorRole.supervisor, operatorId: 'me' }, { status: ConversationStatus.queued, assigneeId: null, groupId: 'B' })).toBe(true);
  });

  it('a chat moved out of my group is delivered once (so my list drops it), one moved into another group is not', () => {
    const moved = { ...conv(ConversationStatus.queued, null), groupId: 'B' };
    const agentAFull = { ...me, groupIds: ['A'] };
    expect(shouldDeliver(agentAFull, { kind: InboxEventKind.conversation_updated, conversation: moved, message: null, previousStatus: ConversationStatus.queued, previousAssigneeId: null, previousGroupId: 'A' })).toBe(true);
    expect(shouldDeliver(agentAFull, { kind: InboxEventKind.conversation_updated, conversation: moved, message: null, previousStatus: ConversationStatus.queued, previousAssigneeId: null, previousGroupId: 'C' })).toBe(false);
    expect(shouldDeliver(agentAFull, { kind: InboxEventKind.message_created, conversation: moved, message: null })).toBe(false);
  });
});
