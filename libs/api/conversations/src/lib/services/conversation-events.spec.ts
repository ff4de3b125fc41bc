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
    [OperatorRole.agent, ConversationStatus.open, 'me', true],
    [OperatorRole.agent, ConversationStatus.open, 'other', false],
    [OperatorRole.agent, ConversationStatus.closed, 'other', false],
    [OperatorRole.agent, ConversationStatus.pending, null, false],
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
