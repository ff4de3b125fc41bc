import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AddJobOptions, QUEUE_DRIVER, QueueDriver } from './queue-driver';
import { QueueName } from './queue-name';

/** The producer side: domain code enqueues through this, never through a driver. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  /**
   * Enqueues a maintenance job now and then every `everyMs`. The job id names the time slot, so
   * several API replicas enqueueing the same slot make one job (BullMQ keeps the first).
   */
  schedule(queue: QueueName, name: string, everyMs: number): void {
    const enqueue = () => {
      const slot = Math.floor(Date.now() / everyMs);
      this.add(queue, name, {}, { jobId: `${name}-${slot}` }).catch(() => undefined);
    };
    enqueue();
    const timer = setInterval(enqueue, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  onApplicationShutdown(): void {
    this.timers.forEach(clearInterval);
    this.timers.length = 0;
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
