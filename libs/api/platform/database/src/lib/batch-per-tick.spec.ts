import { batchPerTick, groupBy } from './batch-per-tick';

describe('batchPerTick', () => {
  it('answers the calls of one tick with one batch, each with its own answer, repeats included', async () => {
    const batches: number[][] = [];
    const loader = batchPerTick<number, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => `v${k}`);
    });
    // calls from separate callbacks and promise jobs before the check phase share the batch
    const calls = [loader.load(1), Promise.resolve().then(() => loader.load(2)), new Promise<string>((r) => process.nextTick(() => r(loader.load(1))))];
    expect(await Promise.all(calls)).toEqual(['v1', 'v2', 'v1']);
    expect(batches).toEqual([[1, 2, 1]]);
    // no cache: the next tick asks again
    expect(await loader.load(1)).toBe('v1');
    expect(batches).toHaveLength(2);
  });

  it('fails only the call whose answer is an Error, and every call when the batch throws', async () => {
    let fail = false;
    const loader = batchPerTick<number, number>(async (keys) => {
      if (fail) throw new Error('database down');
      return keys.map((k) => (k < 0 ? new Error(`bad ${k}`) : k * 2));
    });
    const [ok, bad] = await Promise.allSettled([loader.load(2), loader.load(-1)]);
    expect(ok).toEqual({ status: 'fulfilled', value: 4 });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'bad -1' } });
    fail = true;
    await expect(Promise.all([loader.load(1), loader.load(2)])).rejects.toThrow('database down');
  });

  it('splits batches at the maximum size', async () => {
    const sizes: number[] = [];
    const loader = batchPerTick<number, number>(async (keys) => {
      sizes.push(keys.length);
      return [...keys];
    }, 3, 5);
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((k) => loader.load(k)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('runs at most maxConcurrent batches; calls made meanwhile go out together when one finishes', async () => {
    const started: number[][] = [];
    const release: Array<() => void> = [];
    const loader = batchPerTick<number, number>(async (keys) => {
      started.push([...keys]);
      await new Promise<void>((r) => release.push(r));
      return [...keys];
    }, 1000, 1);
    const first = loader.load(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([[1]]);
    const later = [2, 3, 4].map((k) => loader.load(k));
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toHaveLength(1); // still one in flight: the others wait
    release[0]();
    expect(await first).toBe(1);
    for (let i = 0; i < 20 && started.length < 2; i++) await new Promise((r) => setImmediate(r));
    expect(started[1]).toEqual([2, 3, 4]);
    release[1]();
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
  });

  it('fails every call when the batch answers the wrong number of keys', async () => {
    const loader = batchPerTick<number, number>(async () => [1]);
    await expect(Promise.all([loader.load(1), loader.load(2)])).rejects.toThrow('batch answered 1 of 2 keys');
  });
});

describe('groupBy', () => {
  it('groups keys in first-seen order', () => {
    expect([...groupBy(['a1', 'b1', 'a2'], (k) => k[0])]).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
  });
});
