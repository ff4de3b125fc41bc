import { EMAIL_ADDRESS_PATTERN } from '@parley/shared/contracts';

/** One e-mail as domain code describes it. Text only is required; html is optional and must be built from escaped parts. */
export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Sender; defaults to MAIL_FROM. */
  from?: string;
  replyTo?: string;
}

/** The payload of the `send-email` job (QueueName.mail). */
export type SendEmailJobData = MailMessage;

export const SEND_EMAIL_JOB = 'send-email';

/** Escapes text for an HTML e-mail body: customer text is never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export const MAX_EMAIL_LENGTH = 254;

/** The loose but safe check shared with the widget (no spaces, no CR/LF, one @, a dot in the domain). */
export function isEmail(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_EMAIL_LENGTH && EMAIL_ADDRESS_PATTERN.test(v);
}

/** Subjects and names end up in headers: no line breaks, bounded length. */
export function headerSafe(v: string, max = 200): string {
  return v.replace(/[\r\n\t]+/g, ' ').trim().slice(0, max);
}
