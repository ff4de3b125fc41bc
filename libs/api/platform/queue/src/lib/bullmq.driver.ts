import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { AddJobOptions, JobHandlerLookup, QueueDriver } from './queue-driver';

/** BullMQ on Redis: jobs survive restarts and are shared by every API and worker process. */
export class BullMqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('BullMQ');
  private readonly connection: IORedis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** BullMQ never closes connections it is handed, so every one made here is closed here. */
  private readonly extraConnections: IORedis[] = [];

  private readonly reconnectListeners = new Set<() => void>();
  /** The connection was ready once and lost since: its next 'ready' is a reconnection. */
  private lost = false;
  private closing = false;
  /** When an error was last logged, per source: an outage is one line every ERROR_LOG_EVERY_MS, not one per retry. */
  private readonly lastErrorLog = new Map<string, number>();

  constructor(redisUrl: string, private readonly prefix = 'parley', private readonly concurrency: Partial<Record<string, number>> = {}) {
    // the producers' connection fails a command after a few reconnection attempts while Redis is
    // down, so enqueueing from a request answers UNAVAILABLE (MaxRetriesPerRequestError) instead of
    // waiting for Redis for good; workers block on their own connections (maxRetriesPerRequest null)
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: PRODUCER_MAX_RETRIES, lazyConnect: false });
    this.connection.on('error', (e) => this.logError('connection', e));
    this.connection.on('close', () => (this.lost = true));
    this.connection.on('ready', () => {
      if (!this.lost || this.closing) return;
      this.lost = false;
      for (const l of this.reconnectListeners) l();
    });
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /**
   * BullMQ emits 'error' on queues and workers (a lost connection; "Missing key for job …" when
   * Redis restarted without its data while a job ran). An 'error' event nobody listens to throws
   * inside the worker's job loop (ERR_UNHANDLED_ERROR), which leaves the worker stuck and its
   * close() waiting for good; so every queue and worker has a listener, which logs.
   */
  private logError(source: string, e: Error): void {
    if (this.closing) return;
    const now = Date.now();
    if (now - (this.lastErrorLog.get(source) ?? 0) < ERROR_LOG_EVERY_MS) return;
    this.lastErrorLog.set(source, now);
    this.logger.warn(`${source}: ${e?.message ?? e}`);
  }

  async add<T>(queue: string, name: string, data: T, options: AddJobOptions = {}): Promise<void> {
    await this.queue(queue).add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
  }

  async startProcessing(queues: string[], lookup: JobHandlerLookup): Promise<void> {
    for (const q of queues) {
      const worker = new Worker(
        q,
        async (job) => {
          const handler = lookup(q, job.name);
          if (!handler) throw new Error(`no handler for job ${q}/${job.name}`);
          await handler.handle(job.data);
        },
        { connection: this.duplicate(), prefix: this.prefix, concurrency: this.concurrency[q] ?? 5 },
      );
      worker.on('failed', (job, err) => this.logger.warn(`job ${q}/${job?.name} failed: ${err.message}`));
      worker.on('error', (e) => this.logError(`worker ${q}`, e));
      this.workers.push(worker);
    }
  }

  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const q of this.queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error('queue did not become idle in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.reconnectListeners.clear();
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const c of this.extraConnections) c.disconnect();
    this.connection.disconnect();
  }

  private duplicate(): IORedis {
    const c = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.extraConnections.push(c);
    return c;
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (e) => this.logError(`queue ${name}`, e));
      this.queues.set(name, q);
    }
    return q;
  }
}

const ERROR_LOG_EVERY_MS = 10_000;

/** Reconnection attempts (~50 ms, 100 ms, …) a producer's command waits through while Redis is down. */
const PRODUCER_MAX_RETRIES = 3;
