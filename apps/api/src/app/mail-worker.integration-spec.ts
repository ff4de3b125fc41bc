import { VisitorReplyEmailJob } from '@parley/api/channels/webchat';
import { AppConfig, loadConfig } from '@parley/api/platform/config';
import { MailService } from '@parley/api/platform/mail';
import { QueueService } from '@parley/api/platform/queue';
import os from 'node:os';
import path from 'node:path';
import { createWorkerContext } from './bootstrap';
import { MailCatcher } from '../testing/mail-catcher';
import { TestApp } from '../testing/test-app';

/** The worker process (`--worker`) runs the mail jobs too: its context boots with them and sends. */
describe('mail jobs in the worker process (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('boots a worker context with the mail processors and sends a queued e-mail from it', async () => {
    const config: AppConfig = loadConfig(
      {
        NODE_ENV: 'test',
        DATA_DIR: path.join(os.tmpdir(), 'parley-test-data'),
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Worker <worker@parley.test>',
      },
      ['node', 'main.js', '--worker'],
    );
    expect(config.mode).toBe('worker');
    const ctx = await createWorkerContext(config, t.databaseUrl);
    try {
      expect(ctx.get(VisitorReplyEmailJob)).toBeDefined();
      await ctx.get(MailService).enqueue({ to: 'someone@client.test', subject: 'From the worker\r\nBcc: evil@x.test', text: 'Hello' });
      await ctx.get(QueueService).idle();
      const mail = await smtp.waitFor((m) => m.to.includes('someone@client.test'));
      expect(mail.from).toBe('worker@parley.test');
      expect(mail.subject).toBe('From the worker Bcc: evil@x.test');
      expect(mail.to).toEqual(['someone@client.test']);
    } finally {
      await ctx.close();
    }
  });
});
