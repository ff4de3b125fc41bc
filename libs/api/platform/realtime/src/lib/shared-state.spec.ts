import { randomUUID } from 'node:crypto';
import { RedisSharedState } from './redis-shared-state';
import { MemorySharedState } from './shared-state';

const REDIS_URL = process.env['REDIS_URL'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MemorySharedState', () => {
  it('counts holds per key: held until the last release', async () => {
    const s = new MemorySharedState();
    s.hold('visitor:a');
    s.hold('visitor:a');
    s.release('visitor:a');
    expect(await s.isHeld('visitor:a')).toBe(true);
    s.release('visitor:a');
    expect(await s.isHeld('visitor:a')).toBe(false);
    s.release('visitor:a'); // an extra release does not go negative
    s.hold('visitor:a');
    expect(await s.isHeld('visitor:a')).toBe(true);
    expect(await s.whichHeld(['visitor:a', 'visitor:b'])).toEqual(new Set(['visitor:a']));
  });

  it('token bucket: a burst, then the refill rate', async () => {
    let now = 0;
    const s = new MemorySharedState(() => now);
    const takes = async (n: number) => {
      let ok = 0;
      for (let i = 0; i < n; i++) if (await s.take('k', 2, 3)) ok++;
      return ok;
    };
    expect(await takes(5)).toBe(3);
    now += 1000; // 2 tokens back
    expect(await takes(5)).toBe(2);
    expect(await s.take('other', 2, 3)).toBe(true); // buckets are per key
  });
});

/** Two instances stand for two API processes sharing one Redis. Runs when REDIS_URL is set (CI sets it). */
(REDIS_URL ? describe : describe.skip)('RedisSharedState (real Redis, two processes)', () => {
  const made: RedisSharedState[] = [];
  const pair = (ttlMs = 60_000) => {
    const prefix = `test-${randomUUID()}:`;
    const a = new RedisSharedState(REDIS_URL as string, prefix, ttlMs);
    const b = new RedisSharedState(REDIS_URL as string, prefix, ttlMs);
    made.push(a, b);
    return [a, b] as const;
  };
  const until = async (f: () => Promise<boolean>, ms = 3000) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (await f()) return true;
    return false;
  };
  afterAll(async () => {
    for (const s of made) await s.close().catch(() => undefined);
  });

  it('a hold on one process is seen by the other, and its release too', async () => {
    const [a, b] = pair();
    expect(await b.isHeld('visitor:1')).toBe(false);
    a.hold('visitor:1');
    a.hold('visitor:1'); // two tabs on process A
    expect(await until(() => b.isHeld('visitor:1'))).toBe(true);
    b.hold('visitor:1'); // a third tab on process B
    a.release('visitor:1');
    a.release('visitor:1');
    await sleep(100);
    expect(await a.isHeld('visitor:1')).toBe(true); // B still holds it
    b.release('visitor:1');
    expect(await until(async () => !(await a.isHeld('visitor:1')))).toBe(true);
  });

  it('the holds of a process that died without releasing expire after the TTL; a live one is refreshed', async () => {
    const [a, b] = pair(1500);
    a.hold('visitor:crash');
    b.hold('visitor:alive');
    expect(await until(() => b.isHeld('visitor:crash'))).toBe(true);
    // process A dies: no release, no refresh
    clearInterval((a as unknown as { timer: NodeJS.Timeout }).timer);
    (a as unknown as { redis: { disconnect(): void } }).redis.disconnect();
    await sleep(2000);
    expect(await b.isHeld('visitor:crash')).toBe(false);
    // the operator presence sweep asks for many keys at once: the crashed process's no longer count
    expect(await b.whichHeld(['visitor:crash', 'visitor:alive', 'visitor:never'])).toEqual(new Set(['visitor:alive']));
    // B refreshed its entry (TTL 1.5 s, 2 s passed): a third process still sees it
    const observer = new RedisSharedState(REDIS_URL as string, (b as unknown as { prefix: string }).prefix, 1500);
    made.push(observer);
    expect(await observer.isHeld('visitor:alive')).toBe(true);
    const [, other] = pair(1500);
    expect(await other.isHeld('visitor:alive')).toBe(false); // another prefix sees nothing
  });

  it('a graceful close removes its entries at once', async () => {
    const [a, b] = pair();
    a.hold('visitor:bye');
    expect(await until(() => b.isHeld('visitor:bye'))).toBe(true);
    await a.close();
    expect(await b.isHeld('visitor:bye')).toBe(false);
  });

  it('one token bucket for both processes', async () => {
    const [a, b] = pair();
    const results: boolean[] = [];
    for (let i = 0; i < 6; i++) results.push(await (i % 2 ? b : a).take('uploads:v1', 0.1, 4));
    expect(results.filter(Boolean)).toHaveLength(4);
    expect(results.slice(4)).toEqual([false, false]);
    expect(await a.take('uploads:v2', 0.1, 4)).toBe(true); // another key, another bucket
  });
});
