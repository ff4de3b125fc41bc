import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer, { Transporter } from 'nodemailer';
import { MailServerSettings } from './email-settings';

const CONNECT_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** One line of a server's or socket's error, secrets never included (the libraries do not put passwords in errors). */
export const oneLine = (v: unknown, max = 500): string => String(v ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

/** Why an IMAP connection or command failed, in words an administrator can act on. */
export function imapReason(e: unknown): string {
  const err = e as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string };
  if (err?.authenticationFailed) return `the server refused the user name or password${err.responseText ? ` (${oneLine(err.responseText, 200)})` : ''}`;
  if (err?.code === 'ECONNREFUSED') return 'nothing answers on that host and port (connection refused)';
  if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') return 'the server name was not found (DNS)';
  if (err?.code === 'ETIMEDOUT' || err?.code === 'CONNECT_TIMEOUT' || err?.code === 'GREETING_TIMEOUT') return 'the server did not answer in time';
  if (err?.code === 'ESOCKET' || /certificate|ssl|tls/i.test(err?.message ?? '')) return `the TLS connection failed (${oneLine(err?.message, 200)}); check the port and the TLS setting`;
  return oneLine(err?.responseText || err?.message || e) || 'unknown error';
}

/** Why an SMTP command failed, with the server's own words when it answered. */
export function smtpReason(e: unknown): string {
  const err = e as { responseCode?: number; response?: string; code?: string; message?: string };
  if (err?.code === 'EAUTH') return `the server refused the user name or password${err.response ? ` (${oneLine(err.response, 200)})` : ''}`;
  if (err?.response) return oneLine(err.response);
  if (err?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(err?.message ?? '')) return 'nothing answers on that host and port (connection refused)';
  if (err?.code === 'ETIMEDOUT') return 'the server did not answer in time';
  return oneLine(err?.message || e) || 'unknown error';
}

/** A logged-in IMAP client (the caller logs out). Socket errors after login surface on the next command, never as an unhandled event. */
export async function connectImap(s: MailServerSettings, options: { idle?: boolean } = {}): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    logger: false,
    // a watcher's connection idles by itself (IMAP IDLE) between commands; a poller's does not
    disableAutoIdle: !options.idle,
    // IDLE is restarted every minute, well inside the socket timeout and servers' 30-minute limit
    ...(options.idle ? { maxIdleTime: 60_000 } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: options.idle ? 5 * 60_000 : SOCKET_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw e;
  }
  return client;
}

export function smtpTransport(s: MailServerSettings): Transporter {
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    ...(s.user ? { auth: { user: s.user, pass: s.password } } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
    debug: false,
  });
}

/**
 * Replies of a channel that sends "through this server" (`outbound: 'server'`): over SMTP_URL, or —
 * without it, as on a developer's machine — as real MIME `.eml` files in `<dataDir>/mail-outbox`,
 * where the demo's replies can be read.
 */
export function serverTransport(smtpUrl: string | undefined, dataDir: string): Transporter {
  if (smtpUrl) return nodemailer.createTransport(smtpUrl);
  const dir = path.join(dataDir, 'mail-outbox');
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  // the same interface as an SMTP transport: sendMail, verify, close
  return Object.assign(Object.create(stream) as Transporter, {
    async sendMail(mail: Parameters<Transporter['sendMail']>[0]) {
      const info = (await stream.sendMail(mail)) as { message: Buffer; messageId: string };
      await fs.promises.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^a-z0-9@.-]/gi, '')}.eml`);
      await fs.promises.writeFile(file, info.message);
      return info;
    },
    async verify() {
      await fs.promises.mkdir(dir, { recursive: true });
      return true as const;
    },
    close() {
      stream.close();
    },
  });
}
