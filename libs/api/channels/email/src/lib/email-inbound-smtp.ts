import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelInboundService, ChannelSecrets } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { DataSource } from 'typeorm';
import { EmailChannelAdapter } from './email.adapter';
import { MAX_EMAIL_BYTES, parseRawEmail } from './email-parse';
import { EMAIL_KIND } from './email-settings';

/** Recipients one mail may name (the channels it lands in); more are refused with 452. */
const MAX_RECIPIENTS = 20;
/** Connections at once, over every sender; more wait (421) and retry, as SMTP senders do. */
const MAX_CLIENTS = 100;

/** An SMTP reply with its code (smtp-server sends `responseCode` and the message). */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Issue #10, e-mail in by forwarding: Parley listens for SMTP itself (`smtp-server`) and accepts
 * mail for each e-mail channel in forwarding mode at `<channel key>@<INBOUND_MAIL_DOMAIN>`, so a
 * shop forwards its support mailbox to Parley instead of giving it a mailbox password. A mail is
 * answered 250 only once it is stored (idempotent on its Message-ID, like polled mail): a failure
 * is a 451 and the sending server tries again — nothing is lost. Unknown recipients are refused
 * at RCPT (550), sizes while receiving (552), and only the API process that owns the port listens.
 */
@Injectable()
export class EmailInboundSmtp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InboundMail');
  private server: SMTPServer | null = null;
  /** The port it listens on once started (tests ask for port 0). */
  port: number | null = null;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: ChannelSecrets,
    private readonly adapter: EmailChannelAdapter,
    private readonly inbound: ChannelInboundService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.mode !== 'api' || this.config.inboundMail.port === null) return;
    try {
      await this.listen(this.config.inboundMail.port, this.config.inboundMail.host);
      this.logger.log(`listening for forwarded mail on ${this.config.inboundMail.host}:${this.port} (*@${this.config.inboundMail.domain}); try it: npm run demo:mail`);
    } catch (e) {
      // another process has the port (a second API on one machine): that one receives the mail
      this.logger.warn(`not listening for forwarded mail on port ${this.config.inboundMail.port}: ${(e as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async listen(port: number, host: string): Promise<void> {
    const server = new SMTPServer({
      name: this.config.inboundMail.domain,
      banner: 'Parley inbound mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_EMAIL_BYTES,
      maxClients: MAX_CLIENTS,
      socketTimeout: 60_000,
      logger: false,
      onRcptTo: (address, session, callback) => {
        this.recipient(address, session).then(
          () => callback(),
          (e: Error) => callback(e),
        );
      },
      onData: (stream, session, callback) => {
        this.data(stream, session).then(
          () => callback(),
          (e: Error) => callback(e),
        );
      },
    });
    server.on('error', (e) => this.logger.warn(`inbound SMTP: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.removeListener('error', onError);
        resolve();
      });
    });
    const address = server.server.address();
    this.port = address && typeof address === 'object' ? address.port : port;
    this.server = server;
  }

  /** The forwarding channel of an address, or null (unknown, another domain, switched off, IMAP mode). */
  async channelFor(address: string): Promise<ChannelEntity | null> {
    // `<key>@domain` (`<key>+<tag>@` too), or a conversation's reply address `c<token>@domain`
    const m = /^([a-z0-9][a-z0-9._-]{0,99})(?:\+[a-z0-9]{1,80})?@(.+)$/i.exec(address.trim());
    if (!m || m[2].toLowerCase() !== this.config.inboundMail.domain) return null;
    const token = this.adapter.replyTokenOf(m[1]);
    const q = this.db.getRepository(ChannelEntity).createQueryBuilder('c').where('c.type = :type AND c.active', { type: EMAIL_KIND });
    // keys are lower case (hex); an address's local part may come in any case
    if (token) q.andWhere('c.id = (SELECT channel_id FROM conversations WHERE id = :conversationId)', { conversationId: token.conversationId });
    else q.andWhere('lower(c.public_key) = :key', { key: m[1].toLowerCase() });
    const channel = await q.getOne();
    if (!channel || (channel.settings as Record<string, unknown> | null)?.['inbound'] !== 'forwarding') return null;
    // a forged or foreign token names no mailbox here
    if (token && !this.adapter.replyTokenValid(token, channel.id)) return null;
    return channel;
  }


  private async recipient(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) throw smtpError(452, 'Too many recipients');
    const channel = await this.channelFor(address.address).catch(() => {
      throw smtpError(451, 'Temporary failure, try again later');
    });
    if (!channel) throw smtpError(550, `No such mailbox here: ${address.address.slice(0, 200)}`);
  }

  private async data(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, `The message is larger than ${MAX_EMAIL_BYTES / 1024 / 1024} MB`);
    const source = Buffer.concat(chunks);
    // the same reading as polled mail (mailparser never throws here: unreadable mail has no sender and is dropped)
    const { mail } = await parseRawEmail(source);
    try {
      for (const rcpt of session.envelope.rcptTo) {
        const stored = await this.channelFor(rcpt.address);
        if (!stored) continue;
        const channel = Object.assign(new ChannelEntity(), stored, { settings: this.secrets.open(stored.settings) });
        const inbound = { mail, source, size: source.length, envelopeTo: session.envelope.rcptTo.map((r) => r.address) };
        const message = this.adapter.parseInbound(channel, inbound);
        if (!message || !(await this.adapter.admit(channel, message))) continue;
        await this.inbound.receive(channel, message);
        await this.adapter.afterReceive(channel, inbound, message);
      }
    } catch (e) {
      this.logger.error(`forwarded mail not stored (the sender will retry): ${(e as Error).message}`);
      throw smtpError(451, 'Temporary failure storing the message, try again later');
    }
  }
}
