import { InProcessQueueDriver } from './in-process.driver';

describe('InProcessQueueDriver', () => {
  it('runs jobs added before processing starts, through the looked-up handler', async () => {
    const d = new InProcessQueueDriver();
    const seen: unknown[] = [];
    await d.add('q', 'job', { n: 1 });
    await d.startProcessing(['q'], (q, n) => (q === 'q' && n === 'job' ? { handle: async (x) => void seen.push(x) } : undefined));
    await d.add('q', 'job', { n: 2 });
    await d.idle();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    await d.close();
  });

  it('retries a failing job up to its attempts, then gives up without crashing', async () => {
    const d = new InProcessQueueDriver();
    let calls = 0;
    await d.startProcessing(['q'], () => ({
      handle: async () => {
        calls++;
        throw new Error('boom');
      },
    }));
    await d.add('q', 'job', {}, { attempts: 2 });
    await d.idle(5000);
    expect(calls).toBe(2);
    await d.close();
  });

  it('holds a delay longer than one Node timer (~24.8 days) instead of running the job at once', async () => {
    jest.useFakeTimers();
    try {
      const d = new InProcessQueueDriver();
      const seen: unknown[] = [];
      await d.startProcessing(['q'], () => ({ handle: async (x) => void seen.push(x) }));
      const day = 86_400_000;
      await d.add('q', 'job', { n: 1 }, { delayMs: 364 * day });
      await jest.advanceTimersByTimeAsync(1000);
      expect(seen).toEqual([]); // Node alone would have fired it after 1 ms
      await jest.advanceTimersByTimeAsync(363 * day);
      expect(seen).toEqual([]);
      await jest.advanceTimersByTimeAsync(day);
      expect(seen).toEqual([{ n: 1 }]);
      await d.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('treats the same jobId as one pending job', async () => {
    const d = new InProcessQueueDriver();
    let calls = 0;
    await d.startProcessing(['q'], () => ({ handle: async () => void calls++ }));
    await d.add('q', 'job', {}, { jobId: 'x', delayMs: 20 });
    await d.add('q', 'job', {}, { jobId: 'x', delayMs: 20 });
    await d.idle();
    expect(calls).toBe(1);
    await d.close();
  });

  it('reports a job with no handler as failed, not as a crash', async () => {
    const d = new InProcessQueueDriver();
    await d.startProcessing(['q'], () => undefined);
    await d.add('q', 'unknown', {}, { attempts: 1 });
    await expect(d.idle()).resolves.toBeUndefined();
    await d.close();
  });

  it('refuses jobs after close', async () => {
    const d = new InProcessQueueDriver();
    await d.close();
    await expect(d.add('q', 'job', {})).rejects.toThrow(/closed/);
  });
});
