import { FakeTelegram } from '../../../libs/api/channels/telegram/src/testing/fake-telegram';
import { chatFor, DueQueue, failureSchedule, keyOf, Ledger, messageText, metaSignature, ratio, telegramWebhook, whatsappWebhook } from './shapes';

describe('message keys', () => {
  it('finds k again in the text it wrote', () => {
    for (const k of [0, 7, 123_456]) expect(keyOf(messageText('b3pt-', k), 'b3pt-')).toBe(k);
  });

  it('ignores other phases, other texts and nothing at all', () => {
    expect(keyOf(messageText('b1pt-', 5), 'b11pt-')).toBeUndefined();
    expect(keyOf(messageText('b11pt-', 5), 'b1pt-')).toBeUndefined();
    expect(keyOf('b1pt-12x not a key', 'b1pt-')).toBeUndefined();
    expect(keyOf('b1pt-', 'b1pt-')).toBeUndefined();
    expect(keyOf('Where is my order?', 'b1pt-')).toBeUndefined();
    expect(keyOf(null, 'b1pt-')).toBeUndefined();
    expect(keyOf(undefined, 'b1pt-')).toBeUndefined();
  });

  it('spreads messages over the chats in turn', () => {
    expect([0, 1, 2, 3, 4].map((k) => chatFor(k, 3, 100))).toEqual([100, 101, 102, 100, 101]);
  });
});

describe('Telegram webhook body', () => {
  const o = { chats: 10, baseChatId: 610_000_000, updateBase: 5000, messageBase: 0 };

  it('is a private-chat text update as Telegram sends it', () => {
    const u = JSON.parse(telegramWebhook('t-', 12, o));
    expect(u.update_id).toBe(5012);
    expect(u.message).toMatchObject({ message_id: 13, chat: { id: 610_000_002, type: 'private' }, from: { id: 610_000_002, is_bot: false }, text: messageText('t-', 12) });
    expect(typeof u.message.date).toBe('number');
  });

  it('gives a chat new message ids in a later run (the same ids would be redeliveries)', () => {
    const first = JSON.parse(telegramWebhook('a-', 2, o)).message;
    const later = JSON.parse(telegramWebhook('b-', 2, { ...o, messageBase: 300 })).message;
    expect(later.chat.id).toBe(first.chat.id);
    expect(later.message_id).not.toBe(first.message_id);
  });
});

describe('WhatsApp webhook body and signature', () => {
  const o = { chats: 10, baseWaId: 4915_100_000_000, phoneNumberId: '106540352242922', wamidPrefix: 'wamid.X_', nowS: 1_700_000_000 };

  it("is Meta's shape: one entry, one change, the number's id, the contact and the text", () => {
    const b = JSON.parse(whatsappWebhook('w-', 3, o));
    expect(b.object).toBe('whatsapp_business_account');
    const v = b.entry[0].changes[0];
    expect(v.field).toBe('messages');
    expect(v.value.metadata.phone_number_id).toBe('106540352242922');
    expect(v.value.contacts).toEqual([{ profile: { name: 'Bench 4915100000003' }, wa_id: '4915100000003' }]);
    expect(v.value.messages).toEqual([{ from: '4915100000003', id: 'wamid.X_3', timestamp: '1700000000', type: 'text', text: { body: messageText('w-', 3) } }]);
  });

  it('signs the exact bytes with HMAC-SHA256 of the app secret, as X-Hub-Signature-256', () => {
    // computed apart from Node: printf '{"a":1}' | openssl dgst -sha256 -hmac app-secret-0123456789
    expect(metaSignature('{"a":1}', 'app-secret-0123456789')).toBe('sha256=dab40868c03ca7eb6d1dd132d5487d8fa84396a3941484b22ab2bb974d72d788');
    expect(metaSignature(Buffer.from('{"a":1}'), 'app-secret-0123456789')).toBe(metaSignature('{"a":1}', 'app-secret-0123456789'));
    expect(metaSignature('{"a":2}', 'app-secret-0123456789')).not.toBe(metaSignature('{"a":1}', 'app-secret-0123456789'));
    expect(metaSignature('{"a":1}', 'another-secret-0123')).not.toBe(metaSignature('{"a":1}', 'app-secret-0123456789'));
  });
});

describe('failure schedule at the fake Bot API', () => {
  it('turns a percentage into every n-th call failing', () => {
    expect(failureSchedule(10_000, 10)).toEqual({ every: 10, skip: 9, times: 1112 });
    expect(failureSchedule(90, 33)).toEqual({ every: 3, skip: 2, times: 45 });
    expect(failureSchedule(100, 0)).toEqual({ every: Infinity, skip: 0, times: 0 });
    expect(() => failureSchedule(100, 100)).toThrow(/never delivers/);
  });

  it('makes FakeTelegram answer exactly every 10th sendMessage 429 with retry_after, until every text got through once', async () => {
    const fake = await new FakeTelegram().start();
    try {
      const token = '700000009:AAHbenchScheduleTokenForTheSpec_000000009';
      fake.addBot(token, { username: 'schedule_bot' });
      const s = failureSchedule(45, 10);
      fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, skip: s.skip }, s.times, token);
      const statuses: number[] = [];
      const pending = Array.from({ length: 45 }, (_, i) => `text ${i}`);
      while (pending.length) {
        const text = pending.shift() as string;
        const res = await fetch(`${fake.url}/bot${token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: 42, text }) });
        statuses.push(res.status);
        const body = (await res.json()) as { parameters?: { retry_after?: number } };
        if (res.status === 429) {
          expect(body.parameters?.retry_after).toBe(1);
          pending.push(text);
        }
      }
      // 45 accepted: calls 1–9 pass, the 10th is refused, … the 49th is the 45th accepted
      expect(statuses).toHaveLength(49);
      expect(statuses.map((x, i) => (x === 429 ? i + 1 : 0)).filter(Boolean)).toEqual([10, 20, 30, 40]);
      expect(fake.sentTexts().sort()).toEqual(Array.from({ length: 45 }, (_, i) => `text ${i}`).sort());
      expect(fake.sentTexts('42')).toHaveLength(45);
      expect(fake.sentTexts('43')).toEqual([]);
    } finally {
      await fake.stop();
    }
  });
});

describe('DueQueue (the floor loop)', () => {
  it('hands out the items in order, and one sent back only once its wait is over', () => {
    const q = new DueQueue(['a', 'b']);
    expect(q.size).toBe(2);
    expect(q.take(0)).toEqual({ item: 'a' });
    q.later('a', 1000);
    expect(q.take(10)).toEqual({ item: 'b' });
    expect(q.take(10)).toEqual({ waitMs: 990 });
    expect(q.size).toBe(1);
    expect(q.take(1000)).toEqual({ item: 'a' });
    expect(q.take(1000)).toEqual({ waitMs: Infinity });
    expect(q.size).toBe(0);
  });

  it('puts a retry whose wait is over before the items not tried yet', () => {
    const q = new DueQueue(['a', 'b', 'c']);
    expect(q.take(0)).toEqual({ item: 'a' });
    q.later('a', 100);
    expect(q.take(50)).toEqual({ item: 'b' });
    expect(q.take(100)).toEqual({ item: 'a' });
    expect(q.take(100)).toEqual({ item: 'c' });
  });

  it('gives the earliest due item first, whatever order they came back in', () => {
    const q = new DueQueue<number>([]);
    q.later(1, 300);
    q.later(2, 100);
    q.later(3, 200);
    expect(q.take(50)).toEqual({ waitMs: 50 });
    expect([q.take(500), q.take(500), q.take(500)]).toEqual([{ item: 2 }, { item: 3 }, { item: 1 }]);
  });
});

describe('ratio to the floor', () => {
  it('divides, and says nothing when the floor measured nothing', () => {
    expect(ratio(500, 2000)).toBe(0.25);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(NaN, 1)).toBeNaN();
  });
});

describe('Ledger', () => {
  it('stores a message once however many copies were answered, and counts a second arrival as a duplicate', () => {
    const l = new Ledger(3);
    l.ok(0, 10);
    l.ok(0, 12);
    l.ok(1, 11);
    l.arrived(0, 20);
    l.arrived(0, 21);
    l.arrived(1, 22);
    l.arrived(7, 23); // another run's message
    expect(l.stored).toBe(2);
    expect(l.answered[0]).toBe(2);
    expect(l.storedAt[0]).toBe(10);
    expect(l.seen).toBe(2);
    expect(l.duplicateArrivals).toBe(1);
    expect(l.complete()).toBe(false);
    expect(l.outcome()).toEqual({ lost: 1, notStored: 1, notSeen: 1, duplicated: 1 });
  });

  it('counts stored-but-unseen and seen-but-unanswered as lost', () => {
    const l = new Ledger(2);
    l.ok(0, 1);
    l.arrived(1, 2);
    expect(l.outcome()).toEqual({ lost: 2, notStored: 1, notSeen: 1, duplicated: 0 });
    l.ok(1, 3);
    l.arrived(0, 4);
    expect(l.complete()).toBe(true);
    expect(l.outcome()).toEqual({ lost: 0, notStored: 0, notSeen: 0, duplicated: 0 });
    expect(l.lastStoredAt).toBe(3);
    expect(l.lastSeenAt).toBe(4);
  });
});
