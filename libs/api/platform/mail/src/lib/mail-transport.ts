import { Logger } from '@nestjs/common';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { MailMessage } from './mail-message';

/** Where a message goes: SMTP in production, .eml files on a developer's machine. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  /** Resolves with the Message-ID the message was sent with. */
  send(message: MailMessage & { from: string }): Promise<string | null>;
  close(): void;
}

export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    this.transporter = nodemailer.createTransport(smtpUrl);
  }

  async send(m: MailMessage & { from: string }): Promise<string | null> {
    const info = await this.transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, replyTo: m.replyTo });
    return info.messageId ?? null;
  }

  close(): void {
    this.transporter.close();
  }
}

/** No SMTP_URL: each message is built by nodemailer as real MIME and written to `<dir>/<time>-<n>.eml`, and logged. */
export class OutboxMailTransport implements MailTransport {
  readonly kind = 'outbox' as const;
  private readonly logger = new Logger('Mail');
  private readonly transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  private n = 0;

  constructor(private readonly dir: string) {}

  async send(m: MailMessage & { from: string }): Promise<string | null> {
    const info = await this.transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, replyTo: m.replyTo });
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${++this.n}.eml`);
    await fs.writeFile(file, info.message as Buffer);
    this.logger.log(`mail to ${[m.to].flat().join(', ')} "${m.subject}" written to ${file}`);
    return info.messageId ?? null;
  }

  close(): void {
    this.transporter.close();
  }
}
