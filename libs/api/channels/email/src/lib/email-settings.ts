import { ChannelSettingsField, normaliseEmail, SettingsValidation } from '@parley/api/channels/core';

/** `channels.type` of e-mail channels; compared only inside this library. */
export const EMAIL_KIND = 'email';

export interface MailServerSettings {
  host: string;
  port: number;
  /** TLS from the first byte (IMAPS 993, SMTPS 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
}

/** What `channels.settings` holds for an e-mail channel (passwords sealed at rest, opened for the adapter). */
export interface EmailSettings {
  /** The inbox's own address: the From of replies, and mail from it is a loop. Normalised (lower case). */
  address: string;
  /** The name replies are sent as ("Anna via Shop Support"); defaults to the address's local part. */
  fromName: string;
  /**
   * How mail comes in: `imap` reads the mailbox; `forwarding`: the mailbox (or anyone) forwards
   * to the channel's forwarding address, which Parley's own SMTP listener serves
   * (INBOUND_SMTP_PORT, INBOUND_MAIL_DOMAIN) — then `imap` is null.
   */
  inbound: 'imap' | 'forwarding';
  imap: MailServerSettings | null;
  /**
   * How replies go out: `smtp` through the channel's own server; `server` through this Parley's
   * mail settings (SMTP_URL, or .eml files in DATA_DIR/mail-outbox without it) — then `smtp` is null.
   */
  outbound: 'smtp' | 'server';
  /** `user`/`password` empty for a relay that takes mail without logging in. */
  smtp: MailServerSettings | null;
  /** How often the mailbox is read (15 s to 1 hour; with IMAP IDLE new mail comes at once anyway). */
  pollSeconds: number;
  /** A new channel imports the mail that arrived this many days before it was created on; 0: the whole mailbox. */
  importDays: number;
}

export const DEFAULT_POLL_SECONDS = 60;
export const MIN_POLL_SECONDS = 15;
export const MAX_POLL_SECONDS = 3600;
export const DEFAULT_IMPORT_DAYS = 7;
export const MAX_IMPORT_DAYS = 3650;

/** The form shows the mailbox's IMAP fields only when mail is read over IMAP, its SMTP fields only when replies go through it. */
const IMAP_ONLY = { key: 'inbound', values: ['imap'] };
const SMTP_ONLY = { key: 'outbound', values: ['smtp'] };

/** Dotted keys (`imap.password`): the generic form and ChannelSecrets read nested settings by them. */
export const EMAIL_SETTINGS_FIELDS: ChannelSettingsField[] = [
  { key: 'address', label: 'E-mail address', type: 'email', required: true, hint: 'The address clients write to; replies are sent from it.', placeholder: 'support@example.com' },
  { key: 'fromName', label: 'Sender name', type: 'text', hint: 'Replies show "<operator> via <sender name>".', placeholder: 'Example Support' },
  {
    key: 'inbound',
    label: 'How mail comes in',
    type: 'select',
    options: [
      { value: 'imap', label: 'Read the mailbox over IMAP' },
      { value: 'forwarding', label: "Forwarded to Parley's own address (shown once saved)" },
    ],
    hint: 'Forwarding needs no mailbox password: forward the support mailbox to the address Parley shows.',
  },
  { key: 'imap.host', label: 'IMAP server', type: 'text', placeholder: 'imap.example.com', hint: 'With IMAP only.', shownWhen: IMAP_ONLY },
  { key: 'imap.port', label: 'IMAP port', type: 'number', placeholder: '993', hint: '993 with TLS, 143 without (STARTTLS is used when offered).', shownWhen: IMAP_ONLY },
  { key: 'imap.secure', label: 'IMAP over TLS', type: 'boolean', shownWhen: IMAP_ONLY },
  { key: 'imap.user', label: 'IMAP user', type: 'text', hint: 'Defaults to the e-mail address.', shownWhen: IMAP_ONLY },
  { key: 'imap.password', label: 'IMAP password', type: 'secret', shownWhen: IMAP_ONLY },
  {
    key: 'outbound',
    label: 'How replies go out',
    type: 'select',
    options: [
      { value: 'smtp', label: "Through the mailbox's SMTP server" },
      { value: 'server', label: "Through this Parley server's mail settings (SMTP_URL)" },
    ],
  },
  { key: 'smtp.host', label: 'SMTP server', type: 'text', placeholder: 'smtp.example.com', hint: 'With the SMTP server only.', shownWhen: SMTP_ONLY },
  { key: 'smtp.port', label: 'SMTP port', type: 'number', placeholder: '465', hint: '465 with TLS, 587 or 25 without (STARTTLS is used when offered).', shownWhen: SMTP_ONLY },
  { key: 'smtp.secure', label: 'SMTP over TLS', type: 'boolean', shownWhen: SMTP_ONLY },
  { key: 'smtp.user', label: 'SMTP user', type: 'text', hint: 'Defaults to the e-mail address when a password is set; leave both empty for a relay without login.', shownWhen: SMTP_ONLY },
  { key: 'smtp.password', label: 'SMTP password', type: 'secret', shownWhen: SMTP_ONLY },
  { key: 'pollSeconds', label: 'Check for new mail every (seconds)', type: 'number', placeholder: String(DEFAULT_POLL_SECONDS), hint: `${MIN_POLL_SECONDS} to ${MAX_POLL_SECONDS}. A server with IMAP IDLE tells Parley about new mail at once.`, shownWhen: IMAP_ONLY },
  { key: 'importDays', label: 'Import mail of the last (days)', type: 'number', placeholder: String(DEFAULT_IMPORT_DAYS), hint: `Mail that arrived up to this many days before the channel was created is imported on first connect; 0 imports the whole mailbox (up to ${MAX_IMPORT_DAYS}).`, shownWhen: IMAP_ONLY },
];

type FieldError = { field: string; message: string };

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A number given as a number or as digits (forms send text). */
const intOf = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v)) return Number(v);
  return null;
};

const boolOf = (v: unknown, fallback: boolean): boolean | null => {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function server(raw: unknown, prefix: 'imap' | 'smtp', address: string | null, errors: FieldError[]): MailServerSettings {
  const s = isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) errors.push({ field: prefix, message: 'Must be an object with host, port, secure, user and password' });
  const host = text(s['host']).toLowerCase();
  if (!host) errors.push({ field: `${prefix}.host`, message: 'Enter the server name' });
  else if (!(HOSTNAME.test(host) || IPV4.test(host))) errors.push({ field: `${prefix}.host`, message: 'Not a server name (e.g. mail.example.com)' });
  const defaultPort = prefix === 'imap' ? 993 : 465;
  const port = s['port'] === undefined || s['port'] === '' || s['port'] === null ? defaultPort : intOf(s['port']);
  if (port === null || port < 1 || port > 65535) errors.push({ field: `${prefix}.port`, message: 'A port from 1 to 65535' });
  const secure = boolOf(s['secure'], (port ?? defaultPort) === defaultPort);
  if (secure === null) errors.push({ field: `${prefix}.secure`, message: 'true or false' });
  if (s['user'] !== undefined && s['user'] !== null && typeof s['user'] !== 'string') errors.push({ field: `${prefix}.user`, message: 'Must be text' });
  if (s['password'] !== undefined && s['password'] !== null && typeof s['password'] !== 'string') errors.push({ field: `${prefix}.password`, message: 'Must be text' });
  const password = typeof s['password'] === 'string' ? s['password'] : '';
  if (password.length > 1000) errors.push({ field: `${prefix}.password`, message: 'At most 1000 characters' });
  let user = text(s['user']);
  if (user.length > 320) errors.push({ field: `${prefix}.user`, message: 'At most 320 characters' });
  if (prefix === 'imap') {
    if (!password) errors.push({ field: 'imap.password', message: 'Enter the mailbox password' });
    user ||= address ?? '';
  } else if (password && !user) user = address ?? '';
  else if (user && !password) errors.push({ field: 'smtp.password', message: 'Enter the password of the SMTP user (or leave the user empty for a relay without login)' });
  return { host, port: port ?? defaultPort, secure: secure ?? false, user, password };
}

/** Reads and checks an e-mail channel's settings; each problem names its dotted field (`imap.host`). */
export function validateEmailSettings(raw: unknown): SettingsValidation<EmailSettings> {
  if (!isObject(raw)) return { ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] };
  const errors: FieldError[] = [];
  const address = normaliseEmail(raw['address']);
  if (!address) errors.push({ field: 'address', message: text(raw['address']) ? 'Not an e-mail address' : 'Enter the e-mail address of the inbox' });
  const fromName = text(raw['fromName']).replace(/[\r\n"<>]/g, ' ').trim();
  if (fromName.length > 100) errors.push({ field: 'fromName', message: 'At most 100 characters' });
  const inbound = raw['inbound'] === undefined || raw['inbound'] === null || raw['inbound'] === '' ? 'imap' : raw['inbound'];
  if (inbound !== 'imap' && inbound !== 'forwarding') errors.push({ field: 'inbound', message: 'Choose IMAP or forwarding' });
  const outbound = raw['outbound'] === undefined || raw['outbound'] === null || raw['outbound'] === '' ? 'smtp' : raw['outbound'];
  if (outbound !== 'smtp' && outbound !== 'server') errors.push({ field: 'outbound', message: "Choose the mailbox's SMTP server or this server's mail settings" });
  const imap = inbound === 'forwarding' ? null : server(raw['imap'], 'imap', address, errors);
  const smtp = outbound === 'server' ? null : server(raw['smtp'], 'smtp', address, errors);
  const poll = raw['pollSeconds'] === undefined || raw['pollSeconds'] === null || raw['pollSeconds'] === '' ? DEFAULT_POLL_SECONDS : intOf(raw['pollSeconds']);
  if (poll === null || poll < MIN_POLL_SECONDS || poll > MAX_POLL_SECONDS) errors.push({ field: 'pollSeconds', message: `From ${MIN_POLL_SECONDS} to ${MAX_POLL_SECONDS} seconds` });
  const importDays = raw['importDays'] === undefined || raw['importDays'] === null || raw['importDays'] === '' ? DEFAULT_IMPORT_DAYS : intOf(raw['importDays']);
  if (importDays === null || importDays < 0 || importDays > MAX_IMPORT_DAYS) errors.push({ field: 'importDays', message: `From 0 (the whole mailbox) to ${MAX_IMPORT_DAYS} days` });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      address: address as string,
      fromName: fromName || (address as string).split('@')[0],
      inbound: inbound as EmailSettings['inbound'],
      imap,
      outbound: outbound as EmailSettings['outbound'],
      smtp,
      pollSeconds: poll as number,
      importDays: importDays as number,
    },
  };
}

/** The stored settings of a channel as the poller and sender use them; null when they are not valid (nothing is attempted). */
export function readEmailSettings(raw: unknown): EmailSettings | null {
  const r = validateEmailSettings(raw);
  return r.ok ? r.settings : null;
}
