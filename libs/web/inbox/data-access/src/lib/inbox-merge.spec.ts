import { ConversationPriority, ConversationStatus } from '@parley/shared/contracts';
import { aConversation, aMessage, anEvent } from '@parley/web/shared/data-access/testing';
import { appendPage, applyInboxEvent, matchesView, mergeMessages, upsertConversation } from './inbox-merge';

const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('inbox merge', () => {
  const older = aConversation({ id: 'a', lastMessageAt: at(1), lastSeq: 3 });
  const newer = aConversation({ id: 'b', lastMessageAt: at(5), lastSeq: 1 });

  describe('upsertConversation', () => {
    it('inserts a new conversation in last-activity order', () => {
      const middle = aConversation({ id: 'm', lastMessageAt: at(3) });
      expect(upsertConversation([newer, older], middle).map((c) => c.id)).toEqual(['b', 'm', 'a']);
    });

    it('moves an updated conversation to the top without duplicating it', () => {
      const updated = { ...older, lastMessageAt: at(9), lastSeq: 4, lastMessagePreview: 'again' };
      const list = upsertConversation([newer, older], updated);
      expect(list.map((c) => c.id)).toEqual(['a', 'b']);
      expect(list[0].lastMessagePreview).toBe('again');
    });

    it('ignores a stale copy (lower lastSeq) that arrives late', () => {
      const fresh = { ...older, lastSeq: 5, lastMessageAt: at(9), lastMessagePreview: 'fresh' };
      const stale = { ...older, lastSeq: 4, lastMessageAt: at(8), lastMessagePreview: 'stale' };
      const list = upsertConversation([fresh, newer], stale);
      expect(list).toHaveLength(2);
      expect(list[0].lastMessagePreview).toBe('fresh');
    });

    it('takes a status change with the same lastSeq', () => {
      const taken = { ...older, status: ConversationStatus.open };
      expect(upsertConversation([older], taken)[0].status).toBe(ConversationStatus.open);
    });

    it('breaks ties in time by id so the order is stable', () => {
      const x = aConversation({ id: 'x', lastMessageAt: at(2) });
      const y = aConversation({ id: 'y', lastMessageAt: at(2) });
      expect(upsertConversation([x], y).map((c) => c.id)).toEqual(['y', 'x']);
      expect(upsertConversation([y], x).map((c) => c.id)).toEqual(['y', 'x']);
    });

    it('does not mutate the list it was given', () => {
      const list = [older];
      upsertConversation(list, newer);
      expect(list).toEqual([older]);
    });
  });

  describe('appendPage', () => {
    it('drops conversations of the next page that are already in the list', () => {
      const movedUp = { ...older, lastMessageAt: at(9), lastSeq: 9 };
      const list = appendPage([movedUp, newer], [older, aConversation({ id: 'z', lastMessageAt: at(0) })]);
      expect(list.map((c) => c.id)).toEqual(['a', 'b', 'z']);
      expect(list[0].lastSeq).toBe(9);
    });
  });

  describe('matchesView', () => {
    const mine = aConversation({ status: ConversationStatus.open, assignee: { id: 'me', displayName: 'Me' } });
    const queued = aConversation({ status: ConversationStatus.queued, assignee: null });
    const someoneElses = aConversation({ status: ConversationStatus.open, assignee: { id: 'other', displayName: 'O' } });

    it.each([
      ['mine', mine, true],
      ['mine', queued, false],
      ['mine', someoneElses, false],
      ['queue', queued, true],
      ['queue', mine, false],
      ['all', someoneElses, true],
    ] as const)('%s view with %o → %s', (view, conversation, expected) => {
      expect(matchesView(conversation, view, 'me')).toBe(expected);
    });

    it.each([
      ['pending', aConversation({ status: ConversationStatus.pending }), true],
      ['pending', aConversation({ status: ConversationStatus.open }), false],
      ['closed', aConversation({ status: ConversationStatus.closed }), true],
      ['mine', aConversation({ status: ConversationStatus.closed, assignee: { id: 'me', displayName: 'Me' } }), false],
      ['all', aConversation({ snoozedUntil: '2030-01-01T00:00:00.000Z' }), false],
      ['mine', aConversation({ status: ConversationStatus.open, assignee: { id: 'me', displayName: 'Me' }, snoozedUntil: '2030-01-01T00:00:00.000Z' }), false],
      ['snoozed', aConversation({ snoozedUntil: '2030-01-01T00:00:00.000Z' }), true],
      ['snoozed', aConversation({ snoozedUntil: null }), false],
    ] as const)('issue #4: %s view with %o → %s', (view, conversation, expected) => {
      expect(matchesView(conversation, view, 'me')).toBe(expected);
    });

    it('shows nothing as mine without an operator', () => {
      expect(matchesView(mine, 'mine', null)).toBe(false);
    });
  });

  describe('applyInboxEvent', () => {
    it('adds a new conversation at the top', () => {
      const incoming = aConversation({ id: 'new', lastMessageAt: at(30) });
      const list = applyInboxEvent([newer, older], anEvent(incoming, aMessage({ conversationId: 'new' })), 'all', 'me');
      expect(list.map((c) => c.id)).toEqual(['new', 'b', 'a']);
    });

    it('applied twice (mutation result and event) keeps one row', () => {
      const incoming = aConversation({ id: 'new', lastMessageAt: at(30) });
      const once = applyInboxEvent([older], anEvent(incoming), 'all', 'me');
      const twice = applyInboxEvent(once, anEvent(incoming), 'all', 'me');
      expect(twice.map((c) => c.id)).toEqual(['new', 'a']);
    });

    it('removes a conversation from the queue view once someone takes it', () => {
      const queued = aConversation({ id: 'q' });
      const taken = { ...queued, status: ConversationStatus.open, assignee: { id: 'other', displayName: 'Boris' } };
      expect(applyInboxEvent([queued, older], anEvent(taken), 'queue', 'me').map((c) => c.id)).toEqual(['a']);
    });

    it('ignores an event for a conversation outside the view', () => {
      const others = aConversation({ id: 'o', status: ConversationStatus.open, assignee: { id: 'x', displayName: 'X' } });
      expect(applyInboxEvent([older], anEvent(others), 'mine', 'me').map((c) => c.id)).toEqual(['a']);
    });
  });

  describe('applyInboxEvent with a filter', () => {
    it('adds a live conversation only when it passes the filter, and drops one that stopped passing', () => {
      const urgent = aConversation({ id: 'u', lastMessageAt: at(40), priority: ConversationPriority.urgent });
      expect(applyInboxEvent([older], anEvent(urgent), 'all', 'me', { priority: ConversationPriority.urgent }).map((c) => c.id)).toEqual(['u', 'a']);
      const calm = { ...urgent, priority: ConversationPriority.low };
      expect(applyInboxEvent([urgent, older], anEvent(calm), 'all', 'me', { priority: ConversationPriority.urgent }).map((c) => c.id)).toEqual(['a']);
    });

    it('drops a conversation that was snoozed, and brings it back when it wakes', () => {
      const snoozed = { ...older, snoozedUntil: '2030-01-01T00:00:00.000Z' };
      expect(applyInboxEvent([newer, older], anEvent(snoozed), 'all', 'me').map((c) => c.id)).toEqual(['b']);
      expect(applyInboxEvent([newer], anEvent({ ...older, snoozedUntil: null }), 'all', 'me').map((c) => c.id)).toEqual(['b', 'a']);
    });
  });

  describe('mergeMessages', () => {
    it('orders by seq and keeps one copy per id', () => {
      const m1 = aMessage({ id: 'm1', seq: 1 });
      const m2 = aMessage({ id: 'm2', seq: 2 });
      const m3 = aMessage({ id: 'm3', seq: 3 });
      expect(mergeMessages([m1, m3], [m2, m3, m1]).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    });

    it('keeps the furthest delivery state when an older copy arrives late, but lets a failure through', () => {
      const sent = aMessage({ id: 'r', seq: 4, deliveryStatus: 'sent' });
      const queued = aMessage({ id: 'r', seq: 4, deliveryStatus: 'queued', body: 'edited later' });
      const [kept] = mergeMessages([sent], [queued]);
      expect(kept).toMatchObject({ deliveryStatus: 'sent', body: 'edited later' });
      expect(mergeMessages([aMessage({ id: 'r', deliveryStatus: 'read' })], [aMessage({ id: 'r', deliveryStatus: 'delivered' })])[0].deliveryStatus).toBe('read');
      expect(mergeMessages([aMessage({ id: 'r', deliveryStatus: 'queued' })], [aMessage({ id: 'r', deliveryStatus: 'delivered' })])[0].deliveryStatus).toBe('delivered');
      // a provider can fail a reply it first accepted; a stale queued copy does not hide a failure
      const failed = mergeMessages([sent], [aMessage({ id: 'r', deliveryStatus: 'failed', deliveryError: 'blocked' })]);
      expect(failed[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'blocked' });
      expect(mergeMessages(failed, [aMessage({ id: 'r', deliveryStatus: 'queued', deliveryError: null })])[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'blocked' });
      // web chat messages have no delivery state: the server's copy wins as before
      expect(mergeMessages([aMessage({ id: 'w', body: 'a' })], [aMessage({ id: 'w', body: 'b' })])[0].body).toBe('b');
    });

    it('returns the same messages for an empty batch', () => {
      const m1 = aMessage();
      expect(mergeMessages([m1], [])).toEqual([m1]);
      expect(mergeMessages([], [])).toEqual([]);
    });
  });
});

describe('a deleted conversation', () => {
  it('leaves every view', () => {
    const list = [aConversation({ id: 'a' }), aConversation({ id: 'b' })];
    const next = applyInboxEvent(list, { kind: 'conversation_deleted', conversation: aConversation({ id: 'a' }), message: null }, 'all', null);
    expect(next.map((c) => c.id)).toEqual(['b']);
    const untouched = applyInboxEvent(list, { kind: 'conversation_deleted', conversation: aConversation({ id: 'zzz' }), message: null }, 'queue', null);
    expect(untouched.map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('a conversation that is no longer visible (taken by another agent, moved to another group)', () => {
  it('leaves every view, even though it is still queued', () => {
    const list = [aConversation({ id: 'a' }), aConversation({ id: 'b' })];
    for (const view of ['all', 'queue'] as const) {
      const next = applyInboxEvent(list, { kind: 'conversation_removed', conversation: aConversation({ id: 'a' }), message: null }, view, null);
      expect(next.map((c) => c.id)).toEqual(['b']);
    }
  });
});

describe('read positions in the list (issue #17)', () => {
  it('an event with an older read position does not bring the unread dot back', () => {
    const read = aConversation({ id: 'a', lastSeq: 3, operatorReadSeq: 3 });
    const staleEvent = aConversation({ id: 'a', lastSeq: 3, operatorReadSeq: 1, status: ConversationStatus.open });
    const [row] = upsertConversation([read], staleEvent);
    expect(row).toMatchObject({ status: 'open', operatorReadSeq: 3 });
  });

  it('a new customer message makes it unread again', () => {
    const read = aConversation({ id: 'a', lastSeq: 3, operatorReadSeq: 3 });
    const [row] = upsertConversation([read], aConversation({ id: 'a', lastSeq: 4, operatorReadSeq: 3 }));
    expect(row.lastSeq > row.operatorReadSeq).toBe(true);
  });
});
