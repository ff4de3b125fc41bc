import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisEventBus } from './redis-event-bus';

const REDIS_URL = process.env['REDIS_URL'];

/** Runs against the real Redis when REDIS_URL is set (CI sets it); skipped otherwise. */
(REDIS_URL ? describe : describe.skip)('RedisEventBus (real Redis)', () => {
  it('delivers to a subscription made while the connection is still opening, without dropping the connection', async () => {
    for (let i = 0; i < 5; i++) {
      const bus = new RedisEventBus(REDIS_URL as string, `test-${randomUUID()}:`);
      const sub = (bus as unknown as { sub: { on(e: string, f: () => void): void; once(e: string, f: () => void): void } }).sub;
      let reconnects = 0;
      sub.on('reconnecting', () => reconnects++);
      sub.on('error', () => undefined);
      const got: unknown[] = [];
      // the TCP connection is up but ioredis is still in its handshake (CLIENT SETINFO, ready check)
      await new Promise<void>((r) => sub.once('connect', r));
      await bus.subscribe('topic', (e) => got.push(e));
      await bus.publish('topic', { n: i });
      for (let wait = 0; wait < 50 && got.length === 0; wait++) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual([{ n: i }]);
      expect(reconnects).toBe(0);
      await bus.close();
    }
  });

  it('stops delivering after unsubscribe and keeps other subscribers of the topic', async () => {
    const bus = new RedisEventBus(REDIS_URL as string, `test-${randomUUID()}:`);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = await bus.subscribe('t', (e) => a.push(e));
    await bus.subscribe('t', (e) => b.push(e));
    offA();
    await bus.publish('t', 1);
    for (let wait = 0; wait < 50 && b.length === 0; wait++) await new Promise((r) => setTimeout(r, 20));
    expect(b).toEqual([1]);
    expect(a).toEqual([]);
    await bus.close();
  });

  it('subscribes the topics of one tick with one SUBSCRIBE, delivers to each, and unsubscribes a dropped one', async () => {
    const prefix = `test-${randomUUID()}:`;
    const bus = new RedisEventBus(REDIS_URL as string, prefix);
    const sub = (bus as unknown as { sub: { subscribe: (...a: string[]) => Promise<unknown> } }).sub;
    const calls: string[][] = [];
    const real = sub.subscribe.bind(sub);
    sub.subscribe = (...channels: string[]) => {
      calls.push(channels);
      return real(...channels);
    };
    const got = new Map<string, unknown[]>();
    const subscribing = Array.from({ length: 200 }, (_, i) => bus.subscribe(`t${i}`, (e) => got.set(`t${i}`, [...(got.get(`t${i}`) ?? []), e])));
    // a second subscriber of a pending topic also waits for the SUBSCRIBE
    const late: unknown[] = [];
    const second = bus.subscribe('t7', (e) => late.push(e));
    const dropped = bus.subscribe('gone', () => undefined);
    (await dropped)();
    await Promise.all([...subscribing, second]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(201);
    await Promise.all(Array.from({ length: 200 }, (_, i) => bus.publish(`t${i}`, i)));
    for (let wait = 0; wait < 100 && got.size < 200; wait++) await new Promise((r) => setTimeout(r, 20));
    expect([...got.keys()]).toHaveLength(200);
    expect(got.get('t42')).toEqual([42]);
    expect(late).toEqual([7]);
    const probe = new IORedis(REDIS_URL as string);
    const [, gone] = (await probe.call('PUBSUB', 'NUMSUB', `${prefix}gone`)) as [string, number];
    expect(gone).toBe(0);
    probe.disconnect();
    await bus.close();
  });
});
