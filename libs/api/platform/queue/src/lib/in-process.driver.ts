import { Logger } from '@nestjs/common';
import { AddJobOptions, JobHandlerLookup, QueueDriver } from './queue-driver';

/** The longest delay one Node timer can hold. */
const MAX_TIMER_MS = 2_147_483_647;

interface PendingJob {
  queue: string;
  name: string;
  data: unknown;
  attempt: number;
  attempts: number;
  jobId?: string;
}

/** Runs jobs in this process through the same handler classes BullMQ would call. */
export class InProcessQueueDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('InProcessQueue');
  private lookup: JobHandlerLookup | undefined;
  private queues = new Set<string>();
  private backlog: PendingJob[] = [];
  private readonly pendingIds = new Set<string>();
  private running = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  async add<T>(queue: string, name: string, data: T, options: AddJobOptions = {}): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    const key = options.jobId ? `${queue}:${options.jobId}` : undefined;
    if (key && this.pendingIds.has(key)) return;
    if (key) this.pendingIds.add(key);
    const job: PendingJob = { queue, name, data, attempt: 0, attempts: options.attempts ?? 3, jobId: key };
    this.schedule(job, options.delayMs ?? 0);
  }

  async startProcessing(queues: string[], lookup: JobHandlerLookup): Promise<void> {
    this.lookup = lookup;
    this.queues = new Set(queues);
    const backlog = this.backlog;
    this.backlog = [];
    for (const job of backlog) this.schedule(job, 0);
  }

  idle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('queue did not become idle in time')), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private isIdle(): boolean {
    return this.running === 0 && this.timers.size === 0 && (this.backlog.length === 0 || !this.lookup);
  }

  private schedule(job: PendingJob, delayMs: number): void {
    if (!this.lookup || !this.queues.has(job.queue)) {
      this.backlog.push(job);
      return;
    }
    // Node fires a timer of more than 2^31-1 ms (~24.8 days) at once: a longer delay (a snooze of
    // months) waits in steps instead of running the job now
    const step = Math.min(delayMs, MAX_TIMER_MS);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (delayMs > MAX_TIMER_MS) this.schedule(job, delayMs - MAX_TIMER_MS);
      else void this.run(job);
    }, step);
    this.timers.add(t);
  }

  private async run(job: PendingJob): Promise<void> {
    const handler = this.lookup?.(job.queue, job.name);
    this.running++;
    try {
      if (!handler) throw new Error(`no handler for job ${job.queue}/${job.name}`);
      job.attempt++;
      await handler.handle(job.data);
      if (job.jobId) this.pendingIds.delete(job.jobId);
    } catch (e) {
      if (job.attempt < job.attempts && handler && !this.closed) {
        this.logger.warn(`job ${job.queue}/${job.name} failed (attempt ${job.attempt}), retrying: ${(e as Error).message}`);
        this.schedule(job, 200 * 2 ** job.attempt);
      } else {
        if (job.jobId) this.pendingIds.delete(job.jobId);
        this.logger.error(`job ${job.queue}/${job.name} failed for good: ${(e as Error).message}`);
      }
    } finally {
      this.running--;
      if (this.isIdle()) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  }
}
