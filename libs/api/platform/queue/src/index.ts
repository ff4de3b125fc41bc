export * from './lib/queue-name';
export * from './lib/queue-driver';
export * from './lib/in-process.driver';
export * from './lib/bullmq.driver';
export * from './lib/job-processor.decorator';
export * from './lib/queue.service';
export * from './lib/queue.module';
