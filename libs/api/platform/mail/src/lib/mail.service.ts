import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { JobHandler, JobProcessor, QueueName, QueueService } from '@parley/api/platform/queue';
import { headerSafe, MailMessage, SEND_EMAIL_JOB, SendEmailJobData } from './mail-message';
import { MailTransport } from './mail-transport';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** The producer: domain code calls `enqueue`; the message is sent by the `send-email` job (retried with backoff). */
@Injectable()
export class MailService {
  constructor(private readonly queue: QueueService) {}

  /** `jobId` makes a repeated enqueue of the same notification one send. */
  async enqueue(message: MailMessage, options: { jobId?: string } = {}): Promise<void> {
    const to = [message.to].flat().filter(Boolean);
    if (!to.length) return;
    await this.queue.add<SendEmailJobData>(QueueName.mail, SEND_EMAIL_JOB, { ...message, to, subject: headerSafe(message.subject) }, { attempts: 5, jobId: options.jobId });
  }
}

@Injectable()
@JobProcessor({ queue: QueueName.mail, name: SEND_EMAIL_JOB })
export class SendEmailJob implements JobHandler<SendEmailJobData> {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async handle(data: SendEmailJobData): Promise<void> {
    await this.transport.send({ ...data, from: data.from || this.config.mailFrom });
    this.logger.debug(`sent "${data.subject}" via ${this.transport.kind}`);
  }
}
