import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One e-mail as the SMTP server received it, decoded enough for assertions. */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

/** A real SMTP server in the test process: the app sends to it over TCP like to any mail relay. */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private waiters: Array<{ pred: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void }> = [];
  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<MailCatcher> {
    const received: { push?: (m: CaughtMail) => void } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = parseMail(raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address));
          received.push?.(mail);
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const catcher = new MailCatcher(server, (server.server.address() as AddressInfo).port);
    received.push = (m) => catcher.push(m);
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first mail (already received or arriving within `timeoutMs`) matching `pred`. */
  waitFor(pred: (m: CaughtMail) => boolean, timeoutMs = 10_000): Promise<CaughtMail> {
    const found = this.mails.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms; got: ${this.mails.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ') || 'none'}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }

  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private push(m: CaughtMail): void {
    this.mails.push(m);
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.pred(m)) w.resolve(m);
      else keep.push(w);
    }
    this.waiters = keep;
  }
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
  const i = part.search(/\r?\n\r?\n/);
  const head = i < 0 ? part : part.slice(0, i);
  const body = i < 0 ? '' : part.slice(i).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => `%${h}`);
    try {
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    } catch {
      return bytes;
    }
  }
  return body;
}

function decodeHeader(v: string): string {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
  );
}

function parseMail(raw: string, from: string, to: string[]): CaughtMail {
  const { headers, body } = splitHeaders(raw);
  let text = '';
  let html = '';
  const visit = (h: Record<string, string>, b: string) => {
    const type = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const p of b.split(`--${boundary}`).slice(1)) {
        if (p.startsWith('--')) break;
        const sub = splitHeaders(p.replace(/^\r?\n/, ''));
        visit(sub.headers, sub.body);
      }
    } else if (/^text\/html/i.test(type)) html += decodeBody(b, h['content-transfer-encoding']);
    else if (/^text\/plain/i.test(type)) text += decodeBody(b, h['content-transfer-encoding']);
  };
  visit(headers, body);
  return { from, to, subject: decodeHeader(headers['subject'] ?? ''), text: text.replace(/\r\n/g, '\n'), html, headers, raw };
}
