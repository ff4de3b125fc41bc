import { Inject, Injectable } from '@nestjs/common';
import { AddJobOptions, QUEUE_DRIVER, QueueDriver } from './queue-driver';
import { QueueName } from './queue-name';

/** The producer side: domain code enqueues through this, never through a driver. */
@Injectable()
export class QueueService {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

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
