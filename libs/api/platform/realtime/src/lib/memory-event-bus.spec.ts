import { createAsyncQueue } from './async-queue';
import { MemoryEventBus } from './memory-event-bus';

describe('MemoryEventBus', () => {
  it('delivers to subscribers of the topic only, as copies', async () => {
    const bus = new MemoryEventBus();
    const a: unknown[] = [];
    const b: unknown[] = [];
    await bus.subscribe('t1', (p) => a.push(p));
    await bus.subscribe('t2', (p) => b.push(p));
    const payload = { x: 1 };
    await bus.publish('t1', payload);
    expect(a).toEqual([{ x: 1 }]);
    expect(a[0]).not.toBe(payload);
    expect(b).toEqual([]);
  });

  it('stops delivering after unsubscribe and forgets empty topics', async () => {
    const bus = new MemoryEventBus();
    const seen: unknown[] = [];
    const off = await bus.subscribe('t', (p) => seen.push(p));
    off();
    await bus.publish('t', 1);
    expect(seen).toEqual([]);
    expect(bus.topicCount).toBe(0);
  });

  it('isolates a throwing subscriber from the others', async () => {
    const bus = new MemoryEventBus();
    const seen: unknown[] = [];
    await bus.subscribe('t', () => {
      throw new Error('bad subscriber');
    });
    await bus.subscribe('t', (p) => seen.push(p));
    await expect(bus.publish('t', 2)).resolves.toBeUndefined();
    expect(seen).toEqual([2]);
  });
});

describe('createAsyncQueue', () => {
  it('yields pushed values in order and ends on return()', async () => {
    let returned = false;
    const q = createAsyncQueue<number>(() => (returned = true));
    q.push(1);
    const pending = q.iterator.next();
    q.push(2);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await q.iterator.next()).toEqual({ value: 2, done: false });
    await q.iterator.return?.();
    expect(returned).toBe(true);
    expect((await q.iterator.next()).done).toBe(true);
  });

  it('drops the oldest values beyond its bound', async () => {
    const q = createAsyncQueue<number>(() => undefined, 2);
    q.push(1);
    q.push(2);
    q.push(3);
    expect((await q.iterator.next()).value).toBe(2);
  });
});
