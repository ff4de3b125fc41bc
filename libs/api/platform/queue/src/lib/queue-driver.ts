export interface AddJobOptions {
  /** Same id twice is one job (BullMQ semantics; the in-process driver honours it while the job is pending). */
  jobId?: string;
  delayMs?: number;
  /** Total attempts including the first; default 3. */
  attempts?: number;
}

export interface JobHandler<T = unknown> {
  handle(data: T): Promise<void>;
}

export type JobHandlerLookup = (queue: string, name: string) => JobHandler | undefined;

/** The queue behind one interface: BullMQ on Redis in production, in-process on one machine. */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  add<T>(queue: string, name: string, data: T, options?: AddJobOptions): Promise<void>;
  /** Starts consuming the given queues with the handlers found by `lookup`. */
  startProcessing(queues: string[], lookup: JobHandlerLookup): Promise<void>;
  /** Resolves when nothing is waiting, delayed or running (tests use it). */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /**
   * `listener` runs each time the backend is reachable again after it was lost (a Redis restart,
   * whose data may be gone): scheduled jobs are enqueued again. Returns the function that removes it.
   */
  onReconnect?(listener: () => void): () => void;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
