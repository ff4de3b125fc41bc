import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import path from 'node:path';
import { OutboxModule } from '@parley/api/platform/outbox';
import { EmailSender, MAIL_TRANSPORT, MailService, SendEmailJob } from './mail.service';
import { AutoMailLimiter } from './auto-mail-limiter';
import { MailTransport, OutboxMailTransport, SmtpMailTransport } from './mail-transport';

/** Sending e-mail through the outbox: SMTP when SMTP_URL is set, else .eml files in DATA_DIR/mail-outbox. */
@Global()
@Module({
  imports: [OutboxModule],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): MailTransport =>
        config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : new OutboxMailTransport(path.join(config.dataDir, 'mail-outbox')),
    },
    MailService,
    AutoMailLimiter,
    EmailSender,
    SendEmailJob,
  ],
  exports: [MailService, AutoMailLimiter],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
