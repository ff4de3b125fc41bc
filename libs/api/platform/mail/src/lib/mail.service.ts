import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { OutboundDelivery, OutboundSender, OutboundSenderHandler, OutboxService } from '@parley/api/platform/outbox';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { EntityManager } from 'typeorm';
import { headerSafe, MailMessage, SEND_EMAIL_JOB, SendEmailJobData } from './mail-message';
import { MailTransport } from './mail-transport';
import { AutoMailLimiter } from './auto-mail-limiter';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** The outbox kind of an e-mail (issue #9). */
export const EMAIL_DELIVERY = 'email';

export interface EnqueueMailOptions {
  /** Makes a repeated enqueue of the same notification one send (the outbox row's dedupe key). */
  jobId?: string;
  /** The transaction of what causes the mail: the delivery row commits or rolls back with it. */
  manager?: EntityManager;
  workspaceId?: string | null;
  /**
   * No person wrote it (a C7 answer, a confirmation): each recipient gets it only within
   * AUTO_MAIL_PER_HOUR (AutoMailLimiter); recipients over it are left out (all of them: nothing is enqueued).
   */
  automatic?: boolean;
}

/** The producer: domain code calls `enqueue`; the message becomes an `email` delivery of the outbox, sent by `deliver-outbound`. */
@Injectable()
export class MailService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly limiter: AutoMailLimiter,
  ) {}

  /** Resolves true when the mail was written to the outbox (false: no recipient left, e.g. all over the automatic-mail limit). */
  async enqueue(message: MailMessage, options: EnqueueMailOptions = {}): Promise<boolean> {
    let to = [message.to].flat().filter(Boolean);
    if (options.automatic) {
      const allowed: string[] = [];
      for (const address of to) if (await this.limiter.allow(address)) allowed.push(address);
      to = allowed;
    }
    if (!to.length) return false;
    const payload: SendEmailJobData = { ...message, to, subject: headerSafe(message.subject) };
    await this.outbox.enqueue({ workspaceId: options.workspaceId ?? null, kind: EMAIL_DELIVERY, target: to.join(', '), payload, dedupeKey: options.jobId }, options.manager);
    return true;
  }
}

/** The outbox's sender of `email` deliveries: through the transport (SMTP or .eml files); the Message-ID is the external id. */
@Injectable()
@OutboundSender(EMAIL_DELIVERY)
export class EmailSender implements OutboundSenderHandler<SendEmailJobData> {
  private readonly logger = new Logger('Mail');

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async deliver(d: OutboundDelivery<SendEmailJobData>): Promise<{ externalId: string | null }> {
    const externalId = await this.transport.send({ ...d.payload, from: d.payload.from || this.config.mailFrom });
    this.logger.debug(`sent "${d.payload.subject}" via ${this.transport.kind}`);
    return { externalId };
  }
}

/** Jobs of the former direct path (`send-email`) still waiting in Redis after an upgrade are sent as before. */
@Injectable()
@JobProcessor({ queue: QueueName.mail, name: SEND_EMAIL_JOB })
export class SendEmailJob implements JobHandler<SendEmailJobData> {
  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async handle(data: SendEmailJobData): Promise<void> {
    await this.transport.send({ ...data, from: data.from || this.config.mailFrom });
  }
}
