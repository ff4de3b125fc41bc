import { createHash } from 'node:crypto';
import { InboundAttachment, NormalisedInboundMessage, normaliseEmail } from '@parley/api/channels/core';
import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { htmlToPlainText, sanitiseEmailHtml, trimQuotedReply } from './email-html';
import { EMAIL_KIND } from './email-settings';
import { withoutPlusTag } from './email-reply-address';

/** A mail over this size is recorded by its headers with a note; its content stays in the mailbox. */
export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;
/** Message ids longer than this are not ids (RFC 5322 lines are at most 998 characters). */
const MAX_ID = 998;

/** What the poller hands the adapter for one fetched mail. */
export interface EmailInbound {
  /** The parsed mail (the whole message, or only its headers when `oversize`). */
  mail: ParsedMail;
  /** The message's raw source as fetched (for a stable id when it has no Message-ID). */
  source: Buffer;
  /** The size the server reported. */
  size: number;
  /** The mail was over MAX_EMAIL_BYTES: only its headers were fetched. */
  oversize?: boolean;
  receivedAt?: Date | null;
  /** The envelope recipients (RCPT TO) when Parley's own SMTP listener received it. */
  envelopeTo?: string[];
}

export interface EmailChannelRef {
  id: string;
  workspaceId: string;
  /** The channel's own address (normalised): its mail (and mail from its plus-addressed reply addresses) is a loop and is ignored. */
  address: string;
  /** INBOUND_MAIL_DOMAIN: addresses there are Parley's own (forwarding and reply addresses), never CC'd. */
  ownDomain?: string | null;
}

/** Whether an address is one of the channel's own: its address, a plus-addressed reply address of it, or any on Parley's inbound domain. */
export function isOwnAddress(channel: EmailChannelRef, address: string): boolean {
  if (withoutPlusTag(address) === channel.address) return true;
  return !!channel.ownDomain && address.endsWith(`@${channel.ownDomain}`);
}

/** Every address the mail was sent to (envelope, Delivered-To, X-Original-To, To, CC), lower case: where a reply address is looked for. */
export function recipientsOf(inbound: EmailInbound): string[] {
  const { mail } = inbound;
  const fromHeaders = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((h) => headerValues(mail, h)).flatMap((v) => v.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []);
  const all = [...(inbound.envelopeTo ?? []), ...fromHeaders, ...addresses(mail.to).map((a) => a.address), ...addresses(mail.cc).map((a) => a.address)];
  return [...new Set(all.map((a) => a.trim().toLowerCase()).filter(Boolean))].slice(0, 100);
}

/** An `<id@host>` token as stored (with the brackets); null for anything that is not one. */
export function normaliseMessageId(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const m = s.match(/<([^<>\s]+)>/) ?? s.match(/^([^<>\s]+@[^<>\s]+)$/);
  if (!m) return null;
  const id = `<${m[1]}>`;
  return id.length <= MAX_ID ? id : null;
}

/** Every `<id>` in a header such as References (comments and junk between them are skipped). */
export function messageIdsIn(v: unknown): string[] {
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') continue;
    const tokens = p.match(/<[^<>\s]+>/g);
    if (tokens) out.push(...tokens.filter((t) => t.length <= MAX_ID));
    else {
      const one = normaliseMessageId(p);
      if (one) out.push(one);
    }
  }
  return out;
}

/** The raw header lines by lower-case name (a header given twice keeps both). */
function headerValues(mail: ParsedMail, name: string): string[] {
  return (mail.headerLines ?? []).filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1).trim());
}

const addresses = (a: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value ?? []).flatMap((v) => (v.group ? v.group : [v])).map((v) => ({ address: v.address ?? '', name: v.name ?? '' }));

/**
 * Why no person wrote this mail, if none did: a bounce (a delivery report, MAILER-DAEMON or
 * postmaster), an auto-reply (RFC 3834 `Auto-Submitted` other than `no`, `X-Autoreply`,
 * `X-Autorespond`, `Precedence: auto_reply`, Exchange's `X-Auto-Response-Suppress` is a request, not
 * a mark) or bulk/list mail (`Precedence: bulk|list|junk`, `List-Id`, `List-Unsubscribe`).
 */
export function automatedKind(mail: ParsedMail, fromAddress: string | null): NormalisedInboundMessage['automated'] {
  const contentType = headerValues(mail, 'content-type')[0]?.toLowerCase() ?? '';
  const local = (fromAddress ?? '').split('@')[0];
  if (/^multipart\/report\b/.test(contentType) || /^(mailer-daemon|postmaster)$/i.test(local)) return 'bounce';
  const auto = headerValues(mail, 'auto-submitted').map((v) => v.toLowerCase().split(';')[0].trim());
  if (auto.some((v) => v && v !== 'no')) return 'auto-reply';
  if (headerValues(mail, 'x-autoreply').length || headerValues(mail, 'x-autorespond').length || headerValues(mail, 'x-autoresponse').length) return 'auto-reply';
  const precedence = headerValues(mail, 'precedence').map((v) => v.toLowerCase());
  if (precedence.some((v) => v === 'auto_reply')) return 'auto-reply';
  if (precedence.some((v) => ['bulk', 'list', 'junk'].includes(v))) return 'bulk';
  if (headerValues(mail, 'list-id').length || headerValues(mail, 'list-unsubscribe').length) return 'bulk';
  return null;
}

/** A stable id for a mail without a Message-ID: the same source fetched again gets the same one. */
export function hashMessageId(source: Buffer, mail: ParsedMail): string {
  const h = createHash('sha256');
  if (source.length) h.update(source);
  else h.update(JSON.stringify([mail.from?.text, mail.date?.toISOString(), mail.subject, mail.text]));
  return `<parley-${h.digest('hex').slice(0, 40)}@no-message-id.invalid>`;
}

/** What a bounce says about the mail it returns (RFC 3464 delivery status, or the headers a non-standard bounce quotes). */
export interface BounceReport {
  /** The Message-IDs of the returned mail (ours, when it bounced a reply of Parley's). */
  originalIds: string[];
  /** The delivery failed for good (`Action: failed` or a 5.x.x status); a delay notice is not. */
  permanent: boolean;
  /** The server's words (`Diagnostic-Code`, else `Status`). */
  reason: string | null;
  /** The addresses that could not be reached (`Final-Recipient: rfc822; …`), lower case. */
  recipients: string[];
}

/** Reads a bounce's delivery status and the returned mail's Message-ID from its source; null for other mail. */
export function bounceReportOf(inbound: EmailInbound, own: string | null): BounceReport | null {
  const text = inbound.source.toString('latin1').slice(0, 2 * 1024 * 1024);
  const originalIds = [...text.matchAll(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)/gim)].map((m) => m[1]).filter((id, i, all) => id !== own && id.length <= MAX_ID && all.indexOf(id) === i);
  const action = text.match(/^Action:[ \t]*([a-z]+)/im)?.[1]?.toLowerCase() ?? null;
  const status = text.match(/^Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})/im)?.[1] ?? null;
  const diagnostic = text.match(/^Diagnostic-Code:[ \t]*(.+(?:\r?\n[ \t]+.+)*)/im)?.[1] ?? null;
  const permanent = action === 'failed' || (!!status && status.startsWith('5.'));
  const reason = diagnostic ? diagnostic.replace(/\s+/g, ' ').trim().slice(0, 500) : status;
  const recipients = [...text.matchAll(/^(?:Final|Original)-Recipient:[ \t]*rfc822[ \t]*;[ \t]*<?([^\s<>;]+@[^\s<>;]+?)>?[ \t]*$/gim)].map((m) => m[1].toLowerCase()).filter((a, i, all) => all.indexOf(a) === i);
  return { originalIds: originalIds.slice(0, 10), permanent, reason, recipients: recipients.slice(0, 10) };
}

/** The body of a raw mail as text (after the header block), for a MIME structure that gave no part: printable, at most 100 kB. */
function rawBodyText(source: Buffer): string {
  const text = source.subarray(0, 1024 * 1024).toString('utf8');
  const start = text.search(/\r?\n\r?\n/);
  if (start < 0) return '';
  // eslint-disable-next-line no-control-regex
  return text.slice(start).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, 100_000);
}

/**
 * The subject as a person wrote it. RFC 5322 wants 8-bit headers encoded (=?utf-8?…?=); a sender
 * that wrote raw bytes anyway gets them read as UTF-8 (what mailparser does), and — when they are
 * not valid UTF-8 (mailparser's U+FFFD) — as Windows-1252, the usual 8-bit mail charset, instead
 * of question marks.
 */
export function subjectOf(mail: ParsedMail): string | null {
  let subject = typeof mail.subject === 'string' ? mail.subject : '';
  if (subject.includes('\ufffd')) {
    const line = (mail.headerLines ?? []).find((h) => h.key === 'subject')?.line ?? '';
    const raw = line.slice(line.indexOf(':') + 1);
    if (raw && !raw.includes('=?')) {
      try {
        subject = new TextDecoder('windows-1252').decode(Buffer.from(raw, 'latin1'));
      } catch {
        // keep mailparser's reading
      }
    }
  }
  return subject.replace(/[\r\n]+/g, ' ').trim().slice(0, 998) || null;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * One fetched mail as the normalised inbound message, or null to ignore it: no usable sender, or
 * the channel's own address (a reply of ours coming back: a loop). Never throws on odd input.
 */
export function normaliseInboundEmail(channel: EmailChannelRef, inbound: EmailInbound): NormalisedInboundMessage | null {
  const { mail } = inbound;
  const from = addresses(mail.from)[0];
  // a Sender/Reply-To does not decide who wrote: the client is the From
  const fromAddress = normaliseEmail(from?.address);
  if (!fromAddress) return null;
  if (isOwnAddress(channel, fromAddress)) return null;
  const messageId = normaliseMessageId(mail.messageId) ?? hashMessageId(inbound.source, mail);
  const automated = automatedKind(mail, fromAddress);
  // a bounce names the mail it returns inside its report: it joins that mail's conversation
  const bounced = automated === 'bounce' ? (bounceReportOf(inbound, normaliseMessageId(mail.messageId))?.originalIds ?? []) : [];
  const replyTo = [...messageIdsIn(headerValues(mail, 'in-reply-to')), ...messageIdsIn(headerValues(mail, 'references')).reverse(), ...bounced].filter((id, i, all) => all.indexOf(id) === i && id !== messageId);
  const others = [...addresses(mail.to), ...addresses(mail.cc)]
    .map((a) => normaliseEmail(a.address))
    .filter((a): a is string => !!a && !isOwnAddress(channel, a) && a !== fromAddress);
  const cc = [...new Set(others)].slice(0, 20);
  const subject = subjectOf(mail);
  let body: string;
  let html: string | null = null;
  const attachments: InboundAttachment[] = [];
  if (inbound.oversize) {
    body = `[This e-mail is ${megabytes(inbound.size)}, over the ${megabytes(MAX_EMAIL_BYTES)} Parley takes: only its headers were read. Open it in the mailbox ${channel.address} to see it.]`;
  } else {
    html = typeof mail.html === 'string' && mail.html ? sanitiseEmailHtml(mail.html) || null : null;
    // an HTML-only mail's text is read from the sanitised HTML (mailparser's own keeps link targets, `javascript:` ones too)
    const text = typeof mail.text === 'string' && mail.text.trim() ? mail.text : html ? htmlToPlainText(html) : '';
    // a structure mailparser could not take apart (a multipart without boundary): the raw body is still the sender's words
    const readable = text.trim() || html || (mail.attachments ?? []).length ? text : rawBodyText(inbound.source);
    body = trimQuotedReply(readable);
    for (const a of mail.attachments ?? []) {
      if (!Buffer.isBuffer(a.content)) continue;
      attachments.push({
        name: (a.filename || (a.contentType?.startsWith('image/') ? `image.${a.contentType.split('/')[1]}` : 'attachment')).slice(0, 200),
        mime: a.contentType || 'application/octet-stream',
        size: a.content.length,
        ref: a.contentId || a.checksum || a.filename || 'attachment',
        content: a.content,
        contentId: a.contentId ? a.contentId.replace(/^<|>$/g, '') : null,
      });
    }
  }
  return {
    kind: EMAIL_KIND,
    channelId: channel.id,
    workspaceId: channel.workspaceId,
    externalContactId: fromAddress,
    externalMessageId: messageId,
    clientId: null,
    body,
    html,
    subject,
    replyTo: replyTo.slice(0, 50),
    // a new mail (not an answer to one Parley knows) is a new thread with its own subject
    newThreadUnlessReply: true,
    attachments,
    automated,
    cc,
    sender: { name: from?.name?.trim().slice(0, 200) || null, email: fromAddress },
    receivedAt: inbound.receivedAt ?? (mail.date instanceof Date && !isNaN(mail.date.getTime()) ? mail.date : new Date()),
  };
}

/** Parses a raw mail (mailparser). Garbage gives a mail without headers (then no sender: ignored), never an exception. */
export async function parseRawEmail(source: Buffer, size = source.length, oversize = false): Promise<EmailInbound> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(source, { skipHtmlToText: true, skipImageLinks: true, maxHtmlLengthToParse: MAX_EMAIL_BYTES });
  } catch {
    mail = { attachments: [], headers: new Map(), headerLines: [], html: false } as unknown as ParsedMail;
  }
  return { mail, source, size, oversize };
}
