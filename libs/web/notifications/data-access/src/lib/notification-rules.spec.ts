import { contactDisplayName, ConversationStatus, MessageAuthorType, OperatorRole } from '@parley/shared/contracts';
import { Conversation, InboxEvent } from '@parley/web/shared/data-access';
import { decideNotification, NotifyContext, SOUND_MIN_INTERVAL_MS, Throttle, updateAnnounced } from './notification-rules';

const ME = { id: 'op-anna', role: OperatorRole.agent };

function conversation(patch: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    status: ConversationStatus.queued,
    channel: { id: 'ch', name: 'Web chat', type: 'webchat' },
    contact: { id: 'k', name: 'Maria', email: null, phone: null },
    assignee: null,
    lastMessageAt: '2026-11-21T10:00:00.000Z',
    lastMessagePreview: 'Hi',
    lastSeq: 1,
    visitorReadSeq: 0,
    operatorReadSeq: 0,
    createdAt: '2026-11-21T10:00:00.000Z',
    ...patch,
  };
}

function event(patch: Partial<Conversation> = {}, message: Partial<InboxEvent['message']> | null = {}, kind: InboxEvent['kind'] = 'message_created'): InboxEvent {
  const c = conversation(patch);
  return {
    kind,
    conversation: c,
    message:
      message === null
        ? null
        : {
            id: 'm1',
            clientId: null,
            conversationId: c.id,
            seq: 1,
            authorType: MessageAuthorType.visitor,
            authorName: null,
            body: 'Do you ship to Kraków?',
            createdAt: '2026-11-21T10:00:00.000Z',
            ...message,
          },
  };
}

const ctx = (patch: Partial<NotifyContext> = {}): NotifyContext => ({ me: ME, openConversationId: null, tabVisible: true, announced: new Set(), ...patch });

describe('decideNotification (SPEC A7)', () => {
  it('announces a new conversation in the queue to agents, supervisors and admins, not observers', () => {
    const e = event();
    expect(decideNotification(e, ctx())).toEqual({ kind: 'new_conversation', conversationId: 'c1', title: 'New conversation: Maria', body: 'Do you ship to Kraków?' });
    expect(decideNotification(e, ctx({ me: { id: 'x', role: OperatorRole.supervisor } }))?.kind).toBe('new_conversation');
    expect(decideNotification(e, ctx({ me: { id: 'x', role: OperatorRole.admin } }))?.kind).toBe('new_conversation');
    expect(decideNotification(e, ctx({ me: { id: 'x', role: OperatorRole.observer } }))).toBeNull();
  });

  it('announces a queued conversation once, and again after it left the queue and came back', () => {
    const announced = new Set<string>();
    const first = decideNotification(event(), ctx({ announced }));
    updateAnnounced(announced, event(), first);
    const second = decideNotification(event({}, { id: 'm2', seq: 2 }), ctx({ announced }));
    expect(second).toBeNull();
    updateAnnounced(announced, event({}, { id: 'm2', seq: 2 }), second);
    // closed, then the visitor writes again: back in the queue, announced again
    updateAnnounced(announced, event({ status: ConversationStatus.closed }, null, 'conversation_updated'), null);
    expect(decideNotification(event({}, { id: 'm3', seq: 3 }), ctx({ announced }))?.kind).toBe('new_conversation');
  });

  it('tells me about visitor messages in conversations assigned to me, not to someone else', () => {
    const mine = event({ status: ConversationStatus.open, assignee: { id: 'op-anna', displayName: 'Anna' } });
    expect(decideNotification(mine, ctx())).toMatchObject({ kind: 'new_message', title: 'New message from Maria' });
    const theirs = event({ status: ConversationStatus.open, assignee: { id: 'op-boris', displayName: 'Boris' } });
    expect(decideNotification(theirs, ctx())).toBeNull();
    expect(decideNotification(theirs, ctx({ me: { id: 'sup', role: OperatorRole.supervisor } }))).toBeNull();
  });

  it('stays quiet while I look at the conversation, speaks when the tab is hidden or another one is open', () => {
    const mine = event({ status: ConversationStatus.open, assignee: { id: 'op-anna', displayName: 'Anna' } });
    expect(decideNotification(mine, ctx({ openConversationId: 'c1', tabVisible: true }))).toBeNull();
    expect(decideNotification(mine, ctx({ openConversationId: 'c1', tabVisible: false }))?.kind).toBe('new_message');
    expect(decideNotification(mine, ctx({ openConversationId: 'other', tabVisible: true }))?.kind).toBe('new_message');
  });

  it("ignores operators' and system messages, status changes and deletions", () => {
    const mine = { status: ConversationStatus.open, assignee: { id: 'op-anna', displayName: 'Anna' } };
    expect(decideNotification(event(mine, { authorType: MessageAuthorType.operator }), ctx())).toBeNull();
    expect(decideNotification(event({}, { authorType: MessageAuthorType.system }), ctx())).toBeNull();
    expect(decideNotification(event(mine, null, 'conversation_updated'), ctx())).toBeNull();
    expect(decideNotification(event({}, null, 'conversation_deleted'), ctx())).toBeNull();
  });

  it('names files when the message has no text, and an anonymous visitor as such', () => {
    const e = event({ contact: null }, { body: '', attachments: [{ id: 'a', name: 'photo.png', mime: 'image/png', size: 10, url: '/x' }] });
    expect(decideNotification(e, ctx())).toMatchObject({ title: 'New conversation: Visitor', body: '📎 photo.png' });
    // an anonymous contact is named by the pseudonym every screen shows (issue #17)
    const contactId = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';
    const anonymous = event({ contact: { id: contactId, name: null, email: null, phone: null } }, { body: 'hi' });
    expect(decideNotification(anonymous, ctx())?.title).toBe(`New conversation: ${contactDisplayName({ id: contactId })}`);
    expect(decideNotification(anonymous, ctx())?.title).toMatch(/^New conversation: [A-Z][a-z]+ [A-Z][a-z]+ #4F2A$/);
    const long = event({}, { body: 'x'.repeat(500) });
    expect(decideNotification(long, ctx())?.body.length).toBe(120);
  });
});

describe('Throttle', () => {
  it('lets at most one sound through per second', () => {
    let now = 10_000;
    const t = new Throttle(SOUND_MIN_INTERVAL_MS, () => now);
    expect(t.tryAcquire()).toBe(true);
    now += 10;
    expect(t.tryAcquire()).toBe(false);
    now += 980;
    expect(t.tryAcquire()).toBe(false);
    now += 10; // 1000 ms after the first
    expect(t.tryAcquire()).toBe(true);
    const burst = Array.from({ length: 20 }, () => t.tryAcquire());
    expect(burst.filter(Boolean)).toHaveLength(0);
  });
});
