import { SetMetadata } from '@nestjs/common';
import { QueueName } from './queue-name';

export const JOB_PROCESSOR = Symbol('JOB_PROCESSOR');

export interface JobProcessorMetadata {
  queue: QueueName;
  name: string;
}

/** Marks a provider implementing `JobHandler` as the processor of one named job. */
export const JobProcessor = (meta: JobProcessorMetadata) => SetMetadata(JOB_PROCESSOR, meta);
