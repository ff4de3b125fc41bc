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
