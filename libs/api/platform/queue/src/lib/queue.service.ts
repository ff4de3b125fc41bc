import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AddJobOptions, QUEUE_DRIVER, QueueDriver } from './queue-driver';
import { QueueName } from './queue-name';

/** The producer side: domain code enqueues through this, never through a driver. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly schedules: Array<() => void> = [];
  private offReconnect: (() => void) | undefined;

  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  /**
   * Enqueues a maintenance job now and then every `everyMs`. The job id names the time slot, so
   * several API replicas enqueueing the same slot make one job (BullMQ keeps the first). When
   * Redis comes back after an outage (maybe without its data) every scheduled job is enqueued again
   * at once, rather than at the next interval.
   */
  schedule(queue: QueueName, name: string, everyMs: number): void {
    const enqueue = () => {
      const slot = Math.floor(Date.now() / everyMs);
      this.add(queue, name, {}, { jobId: `${name}-${slot}` }).catch(() => undefined);
    };
    enqueue();
    this.schedules.push(enqueue);
    this.offReconnect ??= this.driver.onReconnect?.(() => this.schedules.forEach((run) => run()));
    const timer = setInterval(enqueue, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  onApplicationShutdown(): void {
    this.timers.forEach(clearInterval);
    this.timers.length = 0;
    this.schedules.length = 0;
    this.offReconnect?.();
  }

  add<T>(queue: QueueName, name: string, data: T, options?: AddJobOptions): Promise<void> {
    return this.driver.add(queue, name, data, options);
  }

  /** Waits until every job is done; for tests and graceful shutdown. */
  idle(timeoutMs?: number): Promise<void> {
    return this.driver.idle(timeoutMs);
  }

  get kind(): QueueDriver['kind'] {
    return this.driver.kind;
  }
}
