import { ConversationPriority, ConversationStatus } from '@parley/shared/contracts';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { compactFilter, isFilterEmpty, matchesFilter, priorityLabel } from './inbox-filter';

describe('inbox filter', () => {
  const c = aConversation({
    status: ConversationStatus.open,
    channel: { id: 'ch1', name: 'Web', type: 'webchat' },
    assignee: { id: 'op1', displayName: 'Anna' },
    priority: ConversationPriority.high,
    tags: [{ id: 't1', name: 'VIP', color: '#e57373', pinned: false }],
    contact: { id: 'k1', name: 'Ewa', email: null, phone: null, owner: null, tags: [{ id: 't9', name: 'Client tag', color: '#81c784', pinned: true }] },
    group: { id: 'g-sales', name: 'Sales' },
    lastMessageAt: '2026-03-10T12:00:00.000Z',
  });

  it('passes everything when empty', () => {
    expect(matchesFilter(c, {})).toBe(true);
    expect(isFilterEmpty({ channelId: null, tagId: '', status: undefined, tagIds: [] })).toBe(true);
  });

  it.each([
    [{ channelId: 'ch1' }, true],
    [{ channelId: 'ch2' }, false],
    [{ status: ConversationStatus.open }, true],
    [{ status: ConversationStatus.closed }, false],
    [{ assigneeId: 'op1' }, true],
    [{ assigneeId: 'op2' }, false],
    [{ priority: ConversationPriority.high }, true],
    [{ priority: ConversationPriority.normal }, false],
    [{ tagId: 't1' }, true],
    [{ tagId: 't2' }, false],
    [{ from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' }, true],
    [{ from: '2026-03-11T00:00:00.000Z' }, false],
    [{ to: '2026-03-10T12:00:00.000Z' }, false],
    [{ channelId: 'ch1', tagId: 't2' }, false],
    [{ groupId: 'g-sales' }, true],
    [{ groupId: 'g-support' }, false],
    // E1: tags on the conversation or its client; any (default) / all
    [{ tagIds: ['t9'] }, true],
    [{ tagIds: ['t1', 't2'] }, true],
    [{ tagIds: ['t1', 't2'], tagMatch: 'any' as const }, true],
    [{ tagIds: ['t1', 't2'], tagMatch: 'all' as const }, false],
    [{ tagIds: ['t1', 't9'], tagMatch: 'all' as const }, true],
    [{ tagIds: ['t2', 't3'] }, false],
    [{ tagIds: [] }, true],
  ])('%o → %s', (filter, expected) => {
    expect(matchesFilter(c, filter)).toBe(expected);
  });

  it('reads a missing priority as normal and missing tags as none', () => {
    const bare = aConversation();
    expect(matchesFilter(bare, { priority: ConversationPriority.normal })).toBe(true);
    expect(matchesFilter(bare, { tagId: 't1' })).toBe(false);
    expect(priorityLabel(undefined)).toBe('Normal');
  });

  it('compacts empty fields away', () => {
    expect(compactFilter({ channelId: '', tagId: null, priority: ConversationPriority.low })).toEqual({ priority: 'low' });
  });
});
