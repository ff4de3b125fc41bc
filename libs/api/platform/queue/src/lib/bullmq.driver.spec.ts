import { BullMqQueueDriver } from './bullmq.driver';

const REDIS_URL = process.env['REDIS_URL'];

/** Runs against the real Redis when REDIS_URL is set (CI sets it); skipped otherwise. */
(REDIS_URL ? describe : describe.skip)('BullMqQueueDriver (real Redis)', () => {
  it('runs a job through BullMQ and closes every connection it opened', async () => {
    const handles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h?.constructor?.name === 'Socket').length;
    const baseline = handles(); // stdio pipes of the test worker
    const driver = new BullMqQueueDriver(REDIS_URL as string, `parley-spec-${process.pid}-${Date.now()}`);
    const seen: unknown[] = [];
    await driver.startProcessing(['q'], () => ({ handle: async (d) => void seen.push(d) }));
    await driver.add('q', 'job', { n: 1 }, { jobId: 'one' });
    await driver.add('q', 'job', { n: 1 }, { jobId: 'one' });
    const deadline = Date.now() + 10_000;
    while (seen.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await driver.idle(10_000);
    expect(seen).toEqual([{ n: 1 }]);
    expect(handles()).toBeGreaterThan(baseline);
    await driver.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(handles()).toBe(baseline);
  });
});
