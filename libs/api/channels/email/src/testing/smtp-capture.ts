import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';
import { freePort } from './dovecot';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** What the server answers to a recipient: accept it, or an SMTP error (e.g. 550 no such user). */
export type RecipientRule = (address: string) => { code: number; message: string } | null;

/**
 * A real SMTP server (the `smtp-server` package) on a free port of 127.0.0.1 that keeps every
 * message in memory. No TLS (STARTTLS is not offered); logins are checked against one user and
 * password when given; `rejectRecipient` answers RCPT TO with an error for chosen addresses.
 */
export class SmtpCapture {
  readonly host = '127.0.0.1';
  readonly mails: CapturedMail[] = [];
  rejectRecipient: RecipientRule = () => null;
  private readonly waiters: Array<() => void> = [];

  private constructor(
    readonly port: number,
    private readonly server: SMTPServer,
  ) {}

  static async start(auth?: { user: string; password: string }): Promise<SmtpCapture> {
    const port = await freePort();
    let capture: SmtpCapture | null = null;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      size: 30 * 1024 * 1024,
      onAuth(a, _session, cb) {
        if (auth && a.username === auth.user && a.password === auth.password) return cb(null, { user: a.username });
        return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address: SMTPServerAddress, _session, cb) {
        const r = capture?.rejectRecipient(address.address) ?? null;
        if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          capture?.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          });
          capture?.waiters.splice(0).forEach((w) => w());
          cb();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    capture = new SmtpCapture(port, server);
    return capture;
  }

  /** Resolves with the first captured mail that matches (already captured or arriving within the timeout). */
  async waitFor(match: (m: CapturedMail) => boolean, timeoutMs = 15_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching mail was captured in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
