import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JOB_PROCESSOR, JobProcessorMetadata } from './job-processor.decorator';
import { JobHandler, QUEUE_DRIVER, QueueDriver } from './queue-driver';
import { QueueName } from './queue-name';
import { QueueService } from './queue.service';

export interface QueueModuleOptions {
  redisUrl?: string;
  redisPrefix?: string;
  /** Whether this process consumes jobs (API replicas may leave it to workers). */
  runWorkers: boolean;
  /** Jobs of one queue a process runs at once, where it differs from the default (5). */
  concurrency?: Partial<Record<string, number>>;
}

const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

@Global()
@Module({})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Queue');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
  ) {}

  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: QUEUE_OPTIONS, useValue: options },
        {
          provide: QUEUE_DRIVER,
          useFactory: (): QueueDriver =>
            options.redisUrl ? new BullMqQueueDriver(options.redisUrl, options.redisPrefix, options.concurrency) : new InProcessQueueDriver(),
        },
        QueueService,
      ],
      exports: [QueueService],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runWorkers) return;
    const handlers = new Map<string, JobHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const meta = this.reflector.get<JobProcessorMetadata | undefined>(JOB_PROCESSOR, wrapper.metatype);
      if (!meta) continue;
      const key = `${meta.queue}/${meta.name}`;
      if (handlers.has(key)) throw new Error(`two processors for job ${key}`);
      handlers.set(key, wrapper.instance as JobHandler);
    }
    await this.driver.startProcessing(Object.values(QueueName), (q, n) => handlers.get(`${q}/${n}`));
    this.logger.log(`processing ${handlers.size} job kinds with the ${this.driver.kind} driver`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
