import { TestBed } from '@angular/core/testing';
import { ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ConversationActivity } from '@parley/web/shared/data-access';
import { aConversation, aMessage, anEvent } from '@parley/web/shared/data-access/testing';
import { ThreadStore, threadItems } from './thread-store';

type Handler = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

function setup(handler: Handler) {
  const request = jest.fn(handler);
  TestBed.configureTestingModule({ providers: [ThreadStore, { provide: ApiClient, useValue: { request } }] });
  return { store: TestBed.inject(ThreadStore), request };
}

const visitorHello = aMessage({ id: 'm1', seq: 1, body: 'Hi' });

/** Answers the two queries of `open`; `send` decides what sendMessage does. */
function api(send: (input: { clientId: string; body: string }) => Promise<unknown>): Handler {
  return async (query, variables) => {
    if (query.includes('sendMessage')) return send(variables['input'] as { clientId: string; body: string });
    if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
    return { conversation: aConversation() };
  };
}

function operatorMessage(input: { clientId: string; body: string }, seq = 2) {
  return aMessage({ id: `m${seq}`, seq, clientId: input.clientId, body: input.body, authorType: MessageAuthorType.operator });
}

describe('threadItems', () => {
  it('hides an outgoing message once the server copy with its clientId is in', () => {
    const server = aMessage({ id: 'm2', seq: 2, clientId: 'c-1' });
    const items = threadItems([server], [
      { clientId: 'c-1', body: 'x', state: 'sending', error: null },
      { clientId: 'c-2', body: 'y', state: 'failed', error: 'boom' },
    ]);
    expect(items.map((i) => (i.kind === 'message' ? i.message.id : i.outgoing.clientId))).toEqual(['m2', 'c-2']);
  });
});

describe('ThreadStore', () => {
  it('keeps what live events said while the conversation was loading (a stale snapshot does not win)', async () => {
    let answer!: () => void;
    const { store } = setup(async (query) => {
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      // the conversation query is slow: the reply's event overtakes it
      await new Promise<void>((r) => (answer = r));
      return { conversation: aConversation({ status: ConversationStatus.queued, lastSeq: 1, assignee: null }) };
    });
    const opening = store.open('c1');
    await Promise.resolve();
    const taken = aConversation({ status: ConversationStatus.open, lastSeq: 2, assignee: { id: 'op-1', displayName: 'Alex Admin' } as never });
    store.apply(anEvent(taken, aMessage({ id: 'm2', seq: 2, body: 'reply', authorType: MessageAuthorType.operator })));
    answer();
    await opening;
    expect(store.conversation()).toMatchObject({ status: 'open', lastSeq: 2 });
    expect(store.messages().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('takes the loaded snapshot when nothing newer arrived meanwhile', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    expect(store.conversation()).toMatchObject({ id: 'c1' });
  });

  it('opens a conversation with its messages', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    expect(store.conversation()?.id).toBe('c1');
    expect(store.messages().map((m) => m.id)).toEqual(['m1']);
  });

  it('shows a sent message as sending, then replaces it with the server copy', async () => {
    let resolve!: (value: unknown) => void;
    const { store, request } = setup(api((input) => new Promise((r) => (resolve = () => r({ sendMessage: operatorMessage(input) })))));
    await store.open('c1');
    const sending = store.send('Hello there');
    expect(store.items().at(-1)).toMatchObject({ kind: 'outgoing', outgoing: { body: 'Hello there', state: 'sending' } });
    resolve(undefined);
    await sending;
    expect(store.outbox()).toEqual([]);
    expect(store.items().map((i) => i.kind)).toEqual(['message', 'message']);
    const sent = request.mock.calls.find(([q]) => q.includes('sendMessage'))?.[1] as { input: { clientId: string } };
    expect(sent.input.clientId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the message once when the live event arrives before the mutation result', async () => {
    let finish!: () => void;
    let sentInput!: { clientId: string; body: string };
    const { store } = setup(
      api((input) => {
        sentInput = input;
        return new Promise((r) => (finish = () => r({ sendMessage: operatorMessage(input) })));
      }),
    );
    await store.open('c1');
    const sending = store.send('Hello');
    store.apply(anEvent(aConversation({ lastSeq: 2 }), operatorMessage(sentInput)));
    expect(store.items()).toHaveLength(2);
    finish();
    await sending;
    expect(store.items()).toHaveLength(2);
    expect(store.messages().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('marks a failed send and retries it with the same clientId', async () => {
    const clientIds: string[] = [];
    let fail = true;
    const { store } = setup(
      api(async (input) => {
        clientIds.push(input.clientId);
        if (fail) throw new GraphqlRequestError('NETWORK', 'offline');
        return { sendMessage: operatorMessage(input) };
      }),
    );
    await store.open('c1');
    await store.send('Are you there?');
    expect(store.outbox()).toEqual([expect.objectContaining({ state: 'failed', error: expect.stringContaining('Cannot reach') })]);
    fail = false;
    await store.retry(store.outbox()[0].clientId);
    expect(store.outbox()).toEqual([]);
    expect(new Set(clientIds).size).toBe(1);
    expect(store.messages().at(-1)?.body).toBe('Are you there?');
  });

  it('ignores events of other conversations and duplicates of known messages', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    store.apply(anEvent(aConversation({ id: 'other' }), aMessage({ id: 'x', conversationId: 'other', seq: 5 })));
    store.apply(anEvent(aConversation(), visitorHello));
    expect(store.messages().map((m) => m.id)).toEqual(['m1']);
  });

  it('reports a forbidden take without changing the conversation', async () => {
    const { store } = setup(async (query) => {
      if (query.includes('takeConversation')) throw new GraphqlRequestError('FORBIDDEN', 'no');
      if (query.includes('messages(')) return { messages: { nodes: [], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    await expect(store.take()).resolves.toBeNull();
    expect(store.actionError()).toContain('permission');
    expect(store.conversation()?.status).toBe('queued');
  });
});

describe('ThreadStore.openAt (search hits)', () => {
  const page = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => aMessage({ id: `m${from + i}`, seq: from + i }));

  it('loads older pages contiguously until the target seq is in, and remembers it', async () => {
    const { store, request } = setup(async (query, variables) => {
      if (!query.includes('messages(')) return { conversation: aConversation({ lastSeq: 500 }) };
      const before = (variables['beforeSeq'] as number | undefined) ?? 501;
      const last = variables['last'] as number;
      const from = Math.max(1, before - last);
      return { messages: { nodes: page(from, before - 1), hasMore: from > 1 } };
    });
    await store.openAt('c1', 120);
    expect(store.focusSeq()).toBe(120);
    const seqs = store.messages().map((m) => m.seq);
    expect(seqs[0]).toBeLessThanOrEqual(120);
    expect(seqs.at(-1)).toBe(500);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
    const pages = request.mock.calls.filter(([q]) => q.includes('messages(')).map(([, v]) => v['last']);
    expect(pages).toEqual([50, 200, 200]);
  });

  it('does not fetch more when the seq is already loaded or absent', async () => {
    const { store, request } = setup(api(async () => null));
    await store.openAt('c1', 1);
    await store.openAt('c1', null);
    expect(request.mock.calls.filter(([q]) => q.includes('messages('))).toHaveLength(2);
    expect(store.focusSeq()).toBeNull();
  });

  it('shows that a conversation was deleted while open', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    store.apply({ kind: 'conversation_deleted', conversation: aConversation(), message: null });
    expect(store.error()).toBe('This conversation was deleted.');
  });
});

describe('ThreadStore live extras (SPEC A6, A10)', () => {
  const activity = (over: Partial<ConversationActivity>): ConversationActivity => ({
    kind: 'typing',
    conversationId: 'c1',
    typing: null,
    visitorReadSeq: null,
    operatorReadSeq: null,
    message: null,
    ...over,
  });
  const visitorTyping = (active: boolean, draft: string | null) =>
    activity({ typing: { authorType: MessageAuthorType.visitor, name: null, active, draft } });

  afterEach(() => jest.useRealTimers());

  it('shows the visitor typing with the draft, clears it on stop, on their message and after silence', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    jest.useFakeTimers();
    store.applyActivity(visitorTyping(true, 'Do you ship to <b>Kraków'));
    expect(store.visitorTyping()).toEqual({ draft: 'Do you ship to <b>Kraków' });
    store.applyActivity(visitorTyping(false, null));
    expect(store.visitorTyping()).toBeNull();

    store.applyActivity(visitorTyping(true, 'Do you ship'));
    store.apply(anEvent(aConversation({ lastSeq: 2 }), aMessage({ id: 'm2', seq: 2, body: 'Do you ship?' })));
    expect(store.visitorTyping()).toBeNull();

    store.applyActivity(visitorTyping(true, 'more'));
    jest.advanceTimersByTime(4_900);
    expect(store.visitorTyping()).not.toBeNull();
    jest.advanceTimersByTime(200);
    expect(store.visitorTyping()).toBeNull();
  });

  it('ignores operator typing and activity of other conversations', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    store.applyActivity(activity({ typing: { authorType: MessageAuthorType.operator, name: 'Boris', active: true, draft: null } }));
    store.applyActivity({ ...visitorTyping(true, 'x'), conversationId: 'other' });
    expect(store.visitorTyping()).toBeNull();
  });

  it('applies edits in place and read marks only forward', async () => {
    const { store } = setup(api(async () => null));
    await store.open('c1');
    store.applyActivity(activity({ kind: 'message_edited', message: { ...visitorHello, body: 'Hi, edited', editedAt: '2026-01-01T10:01:00.000Z' } }));
    expect(store.messages()[0]).toMatchObject({ id: 'm1', body: 'Hi, edited', editedAt: '2026-01-01T10:01:00.000Z' });
    store.applyActivity(activity({ kind: 'message_edited', message: aMessage({ id: 'unknown', body: 'x' }) }));
    expect(store.messages()).toHaveLength(1);

    store.applyActivity(activity({ kind: 'read', visitorReadSeq: 3, operatorReadSeq: 1 }));
    expect(store.conversation()).toMatchObject({ visitorReadSeq: 3, operatorReadSeq: 1 });
    // a late inbox event with an older snapshot does not move the marks back
    store.apply(anEvent(aConversation({ lastSeq: 3, visitorReadSeq: 0, operatorReadSeq: 0 })));
    expect(store.conversation()).toMatchObject({ visitorReadSeq: 3, operatorReadSeq: 1 });
  });

  it('follows a reply\'s delivery live and retries a failed one (issue #10)', async () => {
    const reply = aMessage({ id: 'm2', seq: 2, body: 'Sure', authorType: MessageAuthorType.operator, deliveryStatus: 'queued' } as never);
    const calls: Array<Record<string, unknown>> = [];
    const { store } = setup(async (query, variables) => {
      if (query.includes('retryMessageDelivery')) {
        calls.push(variables);
        if (variables['messageId'] === 'm-gone') throw new GraphqlRequestError('FORBIDDEN', 'Observers cannot send messages');
        return { retryMessageDelivery: { ...reply, deliveryStatus: 'queued', deliveryError: null } };
      }
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello, reply], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    store.applyActivity(activity({ kind: 'message_delivery', message: { ...reply, deliveryStatus: 'failed', deliveryError: 'Forbidden: bot was blocked by the user' } as never }));
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'Forbidden: bot was blocked by the user', body: 'Sure' });
    // another conversation's delivery changes nothing here
    store.applyActivity({ ...activity({ kind: 'message_delivery', message: { ...reply, deliveryStatus: 'read' } as never }), conversationId: 'other' });
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'failed' });

    expect(await store.retryDelivery('m2')).toBeNull();
    expect(calls).toEqual([{ messageId: 'm2' }]);
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'queued', deliveryError: null });
    store.applyActivity(activity({ kind: 'message_delivery', message: { ...reply, deliveryStatus: 'sent' } as never }));
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'sent' });
    // a retry the server refuses says why, and changes nothing
    expect(await store.retryDelivery('m-gone')).toMatch(/permission/);
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'sent' });
  });

  it('a reply the provider accepted before the send answered stays "sent" (the late "queued" answer does not undo it)', async () => {
    let finish!: () => void;
    let sentInput!: { clientId: string; body: string };
    const { store } = setup(
      api((input) => {
        sentInput = input;
        return new Promise((r) => (finish = () => r({ sendMessage: { ...operatorMessage(input), deliveryStatus: 'queued' } })));
      }),
    );
    await store.open('c1');
    const sending = store.send('Sizes M and L are in stock');
    await Promise.resolve();
    // the outbox job ran and Telegram answered before the mutation's answer reached the browser
    store.applyActivity(activity({ kind: 'message_delivery', message: { ...operatorMessage(sentInput), deliveryStatus: 'sent' } as never }));
    expect(store.items().map((i) => (i.kind === 'message' ? i.message.deliveryStatus ?? null : i.kind))).toEqual([null, 'sent']);
    // the message_created event, with the state at commit time, comes late as well
    store.apply(anEvent(aConversation({ lastSeq: 2 }), { ...operatorMessage(sentInput), deliveryStatus: 'queued' } as never));
    finish();
    await sending;
    expect(store.outbox()).toEqual([]);
    expect(store.messages().map((m) => [m.id, m.deliveryStatus ?? null])).toEqual([['m1', null], ['m2', 'sent']]);
  });

  it('shows a refused edit of a sent reply on it live, and drops it with the next edit (issue #10)', async () => {
    const reply = aMessage({ id: 'm2', seq: 2, body: 'It is 12 EUR', authorType: MessageAuthorType.operator, deliveryStatus: 'sent' } as never);
    const { store } = setup(async (query) => {
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello, reply], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    store.applyActivity(activity({ kind: 'message_delivery', message: { ...reply, body: 'It is 13 EUR', deliveryStatus: 'sent', editError: "Telegram refused the message (400: Bad Request: message can't be edited)" } as never }));
    expect(store.messages()[1]).toMatchObject({ deliveryStatus: 'sent', editError: "Telegram refused the message (400: Bad Request: message can't be edited)" });
    // the next edit: its snapshot has no refusal
    store.applyActivity(activity({ kind: 'message_edited', message: { ...reply, body: 'It is 14 EUR', editedAt: '2026-12-04T22:20:00Z' } as never }));
    expect(store.messages()[1]).toMatchObject({ body: 'It is 14 EUR', editError: null });
  });

  it('splits an e-mail into a new conversation: its id, or the server\'s reason', async () => {
    const { store, request } = setup(async (query, variables) => {
      if (!query.includes('splitEmailMessage')) throw new Error('unexpected');
      if (variables['messageId'] === 'm-only') throw new GraphqlRequestError('BAD_USER_INPUT', 'This is the only mail of the conversation: there is nothing to split it from');
      return { splitEmailMessage: { id: 'c-new' } };
    });
    expect(await store.splitEmail('m2')).toEqual({ conversationId: 'c-new' });
    expect(request.mock.calls[0][1]).toEqual({ messageId: 'm2' });
    expect(await store.splitEmail('m-only')).toEqual({ error: expect.stringContaining('nothing to split it from') });
  });

  it('marks the conversation read up to the newest message once, and again after new messages', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const { store } = setup(async (query, variables) => {
      if (query.includes('markConversationRead')) {
        const input = variables['input'] as { seq: number };
        calls.push(input);
        return { markConversationRead: { id: 'c1', visitorReadSeq: 0, operatorReadSeq: input.seq } };
      }
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    await Promise.all([store.markRead(), store.markRead()]);
    expect(calls).toEqual([{ conversationId: 'c1', seq: 1 }]);
    expect(store.conversation()?.operatorReadSeq).toBe(1);
    store.apply(anEvent(aConversation({ lastSeq: 2 }), aMessage({ id: 'm2', seq: 2 })));
    await store.markRead();
    expect(calls.map((c) => c['seq'])).toEqual([1, 2]);
  });

  it('tries marking read again after a failure', async () => {
    let fail = true;
    const { store, request } = setup(async (query) => {
      if (query.includes('markConversationRead')) {
        if (fail) throw new GraphqlRequestError('NETWORK', 'offline');
        return { markConversationRead: { id: 'c1', visitorReadSeq: 0, operatorReadSeq: 1 } };
      }
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    await store.markRead();
    expect(store.conversation()?.operatorReadSeq).toBe(0);
    fail = false;
    await store.markRead();
    expect(store.conversation()?.operatorReadSeq).toBe(1);
    expect(request.mock.calls.filter(([q]) => q.includes('markConversationRead'))).toHaveLength(2);
  });
});

describe('ThreadStore live state (issue #17)', () => {
  it('markRead answers what was read, for the list and the badges', async () => {
    const { store } = setup(async (query, variables) => {
      if (query.includes('markConversationRead')) return { markConversationRead: { id: 'c1', visitorReadSeq: 0, operatorReadSeq: (variables['input'] as { seq: number }).seq } };
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      return { conversation: aConversation() };
    });
    await store.open('c1');
    const read = await store.markRead();
    expect(read?.before).toMatchObject({ id: 'c1', operatorReadSeq: 0, lastSeq: 1 });
    expect(read?.marks).toMatchObject({ id: 'c1', operatorReadSeq: 1 });
    expect(await store.markRead()).toBeNull(); // nothing new to mark
  });

  it('a Take that lost the race says who won and shows the state they left', async () => {
    const anna = { id: 'anna', displayName: 'Anna Nowak' };
    const { store } = setup(async (query) => {
      if (query.includes('takeConversation')) {
        throw new GraphqlRequestError('CONFLICT', 'Anna Nowak took this conversation', [
          { message: 'Anna Nowak took this conversation', extensions: { code: 'CONFLICT', reason: 'TAKEN', assignee: anna, status: 'open' } },
        ]);
      }
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      return { conversation: aConversation({ status: ConversationStatus.queued }) };
    });
    await store.open('c1');
    expect(await store.take()).toBeNull();
    expect(store.actionError()).toBe('Anna Nowak took this conversation');
    expect(store.conversation()).toMatchObject({ status: 'open', assignee: anna });
  });

  it('a reply refused because a colleague has the chat says who, and the view follows', async () => {
    const anna = { id: 'anna', displayName: 'Anna Nowak' };
    const { store } = setup(
      api(async () => {
        throw new GraphqlRequestError('FORBIDDEN', 'This conversation belongs to another operator', [
          { message: 'x', extensions: { code: 'FORBIDDEN', reason: 'TAKEN', assignee: anna, status: 'open' } },
        ]);
      }),
    );
    await store.open('c1');
    await store.send('I can help');
    expect(store.outbox()[0]).toMatchObject({ state: 'failed', error: 'Anna Nowak took this conversation' });
    expect(store.conversation()).toMatchObject({ status: 'open', assignee: anna });
  });

  it('another conflict fetches the conversation again and keeps the API’s words', async () => {
    let status = ConversationStatus.open;
    const { store, request } = setup(async (query) => {
      if (query.includes('closeConversation')) {
        status = ConversationStatus.closed;
        throw new GraphqlRequestError('CONFLICT', 'A closed conversation cannot be snoozed', [{ message: 'x', extensions: { code: 'CONFLICT' } }]);
      }
      if (query.includes('messages(')) return { messages: { nodes: [visitorHello], hasMore: false } };
      return { conversation: aConversation({ status }) };
    });
    await store.open('c1');
    await store.close();
    expect(store.actionError()).toBe('A closed conversation cannot be snoozed');
    await new Promise((r) => setTimeout(r, 0));
    expect(request.mock.calls.filter(([q]) => q.includes('conversation(')).length).toBeGreaterThanOrEqual(2);
    expect(store.conversation()?.status).toBe('closed');
  });
});
