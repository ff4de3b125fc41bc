import { body, csv, encodeCursor, isUnread, messagesFor, pickPriority, pickStatus, rng, uuidFrom, vocabulary } from './data';

describe('inbox bench data', () => {
  it('is reproducible for a seed', () => {
    const a = rng(7);
    const b = rng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(uuidFrom(rng(1))).toBe(uuidFrom(rng(1)));
    expect(uuidFrom(rng(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('spreads messages so the totals add up, with the long conversations first', () => {
    const conversations = 1000;
    let total = 0;
    for (let i = 0; i < conversations; i++) total += messagesFor(i, conversations, 10_000, 5, 60);
    expect(total).toBe(10_000);
    expect(messagesFor(0, conversations, 10_000, 5, 60)).toBe(60);
    expect(messagesFor(5, conversations, 10_000, 5, 60)).toBeGreaterThanOrEqual(9);
  });

  it('quotes CSV only when needed', () => {
    expect(csv('plain')).toBe('plain');
    expect(csv('a,"b"')).toBe('"a,""b"""');
    expect(csv(null)).toBe('');
    expect(csv('')).toBe('""');
    expect(csv(3)).toBe('3');
  });

  it('mixes statuses, priorities and unread marks as documented', () => {
    const next = rng(3);
    const n = 100_000;
    const statuses: Record<string, number> = {};
    let unread = 0;
    let urgent = 0;
    for (let i = 0; i < n; i++) {
      const s = pickStatus(next());
      statuses[s] = (statuses[s] ?? 0) + 1;
      if (isUnread(s, next())) unread++;
      if (pickPriority(next()) === 'urgent') urgent++;
    }
    expect(statuses['closed'] / n).toBeCloseTo(0.85, 1);
    expect(statuses['queued'] / n).toBeCloseTo(0.02, 2);
    expect(unread / n).toBeGreaterThan(0.03);
    expect(unread / n).toBeLessThan(0.07);
    expect(urgent / n).toBeCloseTo(0.05, 1);
  });

  it('writes bodies from the vocabulary with the markers at their rates', () => {
    const next = rng(5);
    const words = vocabulary(500, next);
    expect(new Set(words).size).toBe(500);
    let refunds = 0;
    for (let i = 0; i < 20_000; i++) if (body(words, next).split(' ').includes('refund')) refunds++;
    expect(refunds).toBeGreaterThan(50);
    expect(refunds).toBeLessThan(200);
  });

  it('encodes the API cursor', () => {
    const c = encodeCursor(new Date('2026-01-02T03:04:05.678Z'), '0b7e7c1e-4a4f-4bb8-9a43-1f6f7f0a1c2d');
    expect(Buffer.from(c, 'base64url').toString()).toBe('2026-01-02T03:04:05.678Z|0b7e7c1e-4a4f-4bb8-9a43-1f6f7f0a1c2d');
  });
});
