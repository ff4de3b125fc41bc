import { MessageStore } from './message-store';
import { msg } from './test-fixtures';

describe('MessageStore', () => {
  it('keeps messages sorted by seq whatever order they arrive in', () => {
    const store = new MessageStore();
    for (const seq of [3, 1, 5, 2, 4]) store.add(msg(seq));
    expect(store.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(store.maxSeq).toBe(5);
    expect(store.lastSeq).toBe(5);
  });

  it('drops duplicate ids (replays after reconnect)', () => {
    const store = new MessageStore();
    expect(store.add(msg(1))).toBe('added');
    expect(store.add(msg(1, { body: 'changed' }))).toBe('duplicate');
    expect(store.add(msg(2))).toBe('added');
    expect(store.add(msg(2))).toBe('duplicate');
    expect(store.messages).toHaveLength(2);
    expect(store.messages[0].body).toBe('message 1');
  });

  it('reports lastSeq as the end of the first gapless run, so a missed message is replayed', () => {
    const store = new MessageStore();
    expect(store.lastSeq).toBe(0);
    store.add(msg(1));
    store.add(msg(2));
    store.add(msg(4));
    expect(store.lastSeq).toBe(2);
    expect(store.maxSeq).toBe(4);
    store.add(msg(3));
    expect(store.lastSeq).toBe(4);
  });

  it('turns a pending send into the acked message, keeping the same render key', () => {
    const store = new MessageStore();
    store.addPending('cid-1', 'hello', '2025-01-01T12:00:00.000Z');
    const [pendingItem] = store.items();
    expect(pendingItem.kind).toBe('pending');
    expect(store.sendable().map((p) => p.clientId)).toEqual(['cid-1']);

    store.ack('cid-1', msg(1, { id: 'server-1', clientId: 'cid-1', authorType: 'visitor' as never, body: 'hello' }));
    expect(store.pending).toHaveLength(0);
    const [item] = store.items();
    expect(item.kind).toBe('message');
    expect(item.key).toBe(pendingItem.key);
  });

  it('acks the same clientId twice without duplicating (server idempotency)', () => {
    const store = new MessageStore();
    store.addPending('cid-1', 'hi', 'now');
    const m = msg(1, { id: 's1', clientId: 'cid-1' });
    expect(store.ack('cid-1', m)).toBe('added');
    expect(store.ack('cid-1', m)).toBe('duplicate');
    expect(store.messages).toHaveLength(1);
  });

  it('stores an ack for an unknown clientId as a plain message', () => {
    const store = new MessageStore();
    store.addPending('mine', 'pending', 'now');
    expect(store.ack('someone-elses', msg(1, { clientId: 'someone-elses' }))).toBe('added');
    expect(store.messages).toHaveLength(1);
    expect(store.pending.map((p) => p.clientId)).toEqual(['mine']);
  });

  it('settles a pending send when its message arrives as a plain `message` (another tab, or before the ack)', () => {
    const store = new MessageStore();
    store.addPending('cid-9', 'x', 'now');
    store.add(msg(1, { clientId: 'cid-9' }));
    expect(store.pending).toHaveLength(0);
  });

  it('does not add the same pending clientId twice', () => {
    const store = new MessageStore();
    store.addPending('a', 'one', 'now');
    store.addPending('a', 'two', 'now');
    expect(store.pending).toHaveLength(1);
    expect(store.pending[0].body).toBe('one');
  });

  it('marks failures and retries; unknown clientIds are reported', () => {
    const store = new MessageStore();
    store.addPending('a', 'one', 'now');
    store.addPending('b', 'two', 'now');
    expect(store.fail('a', 'RATE_LIMITED', 'slow down')).toBe(true);
    expect(store.fail('nope', 'X', 'y')).toBe(false);
    expect(store.pending[0]).toMatchObject({ status: 'failed', errorCode: 'RATE_LIMITED' });
    expect(store.sendable().map((p) => p.clientId)).toEqual(['b']);
    expect(store.retry('a')).toMatchObject({ status: 'sending', body: 'one' });
    expect(store.pending[0].errorCode).toBeUndefined();
    expect(store.retry('nope')).toBeUndefined();
    expect(store.sendable().map((p) => p.clientId)).toEqual(['a', 'b']);
  });

  it('switches to a new conversation, dropping old messages but keeping the outbox', () => {
    const store = new MessageStore();
    store.add(msg(1));
    store.add(msg(2));
    store.addPending('p', 'queued', 'now');
    store.add(msg(1, { id: 'n1', conversationId: 'c2' }));
    expect(store.conversationId).toBe('c2');
    expect(store.messages.map((m) => m.id)).toEqual(['n1']);
    expect(store.pending).toHaveLength(1);
  });

  it('lists messages by seq, then pending sends in order written', () => {
    const store = new MessageStore();
    store.addPending('p1', 'first', 'now');
    store.add(msg(2));
    store.addPending('p2', 'second', 'now');
    store.add(msg(1));
    expect(store.items().map((i) => i.key)).toEqual(['m:m1', 'm:m2', 'c:p1', 'c:p2']);
  });
});
