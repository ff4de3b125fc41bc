import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ChannelAdapter,
  ChannelAdapterFor,
  ChannelCapabilities,
  ChannelEntity,
  ConnectionCheck,
  NormalisedInboundMessage,
  normaliseEmail,
  OutboundDelivery,
  PermanentDeliveryError,
  SettingsValidation,
} from '@parley/api/channels/core';
import { DataSource } from 'typeorm';
import { textToHtml } from './email-html';
import { EmailInbound, MAX_EMAIL_BYTES, normaliseInboundEmail, normaliseMessageId } from './email-parse';
import { EMAIL_KIND, EMAIL_SETTINGS_FIELDS, EmailSettings, readEmailSettings, validateEmailSettings } from './email-settings';
import { connectImap, imapReason, oneLine, serverTransport, smtpReason, smtpTransport } from './email-transport';
import { AppConfig } from '@parley/api/platform/config';

/** `Re: <subject>`, never `Re: Re:` (nor `Re: AW:`): the prefixes mail clients add are taken off first. */
export function replySubject(subject: string | null | undefined, fallback: string): string {
  const base = (subject ?? '').replace(/[\r\n]+/g, ' ').replace(/^\s*((re|aw|sv|antw|odp|r|fw|fwd|wg|tr)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
  return `Re: ${base || fallback}`.slice(0, 998);
}

/**
 * E-mail as a channel (SPEC A2/A9). Inbound mail is read by `EmailPoller` from the channel's IMAP
 * INBOX and handed here as parsed mail; replies go out over the channel's SMTP server, threaded by
 * In-Reply-To/References so the client's mail program shows one conversation, and the client's answer
 * to them (In-Reply-To = our Message-ID) continues it — even after it was closed.
 */
@Injectable()
@ChannelAdapterFor(EMAIL_KIND)
export class EmailChannelAdapter implements ChannelAdapter<EmailSettings, EmailInbound> {
  readonly kind = EMAIL_KIND;
  readonly displayName = 'E-mail';
  // a sent mail cannot be changed, embedded or seen read; answering by e-mail is what the channel does already
  readonly capabilities: Readonly<ChannelCapabilities> = Object.freeze({ editable: false, embeddable: false, readReceipts: false, emailsRepliesWhenAway: false });
  readonly settingsFields = EMAIL_SETTINGS_FIELDS;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The address mail forwarded to this channel is sent to (served by the inbound SMTP listener). */
  forwardingAddress(channel: Pick<ChannelEntity, 'publicKey'>): string {
    return `${channel.publicKey.toLowerCase()}@${this.config.inboundMail.domain}`;
  }

  adminDetails(channel: ChannelEntity): Array<{ label: string; value: string }> {
    // read without validating: the stored secrets are sealed here
    if ((channel.settings as Record<string, unknown> | null)?.['inbound'] !== 'forwarding') return [];
    return [{ label: 'Forward your support mail to', value: this.forwardingAddress(channel) }];
  }

  private transportOf(s: EmailSettings) {
    return s.smtp ? smtpTransport(s.smtp) : serverTransport(this.config.smtpUrl, this.config.dataDir);
  }

  private smtpName(s: EmailSettings): string {
    return s.smtp ? `${s.smtp.host}:${s.smtp.port}` : this.config.smtpUrl ? "this server's SMTP_URL" : 'the mail-outbox folder';
  }

  parseInbound(channel: ChannelEntity, raw: EmailInbound): NormalisedInboundMessage | null {
    const settings = readEmailSettings(channel.settings);
    if (!settings || !raw?.mail) return null;
    return normaliseInboundEmail({ id: channel.id, workspaceId: channel.workspaceId, address: settings.address }, raw);
  }

  validateSettings(raw: unknown): SettingsValidation<EmailSettings> {
    return validateEmailSettings(raw);
  }

  async deliver(d: OutboundDelivery): Promise<string> {
    const s = readEmailSettings(d.channel.settings);
    if (!s) throw new PermanentDeliveryError('The e-mail channel\'s settings are not valid: an administrator must fix them', 'BAD_SETTINGS');
    const to = normaliseEmail(d.externalContactId);
    if (!to) throw new PermanentDeliveryError(`"${oneLine(d.externalContactId, 100)}" is not an e-mail address`, 'NO_RECIPIENT');
    const size = d.attachments.reduce((n, a) => n + (a.size || 0), 0);
    if (size > MAX_EMAIL_BYTES) throw new PermanentDeliveryError(`The files are ${(size / 1024 / 1024).toFixed(1)} MB, more than an e-mail may carry (${MAX_EMAIL_BYTES / 1024 / 1024} MB)`, 'TOO_LARGE');
    const domain = s.address.split('@')[1];
    const messageId = `<${randomUUID()}@${domain}>`;
    // newest first as given; References lists the thread oldest first (RFC 5322 3.6.4)
    const thread = await this.personalThread(d.channel.id, (d.thread ?? []).map(normaliseMessageId).filter((id): id is string => !!id));
    const cc = (d.cc ?? (await this.ccOf(d.channel.id, thread))).map(normaliseEmail).filter((a): a is string => !!a && a !== to && a !== s.address);
    const files = d.attachments.filter((a) => a.filePath);
    const links = d.attachments.filter((a) => !a.filePath && a.url).map((a) => `${a.name}: ${a.url}`);
    const text = [d.body ?? '', ...links].filter(Boolean).join('\n\n');
    const author = oneLine(d.authorName, 100).replace(/["<>]/g, '');
    const transport = this.transportOf(s);
    try {
      await transport.sendMail({
        messageId,
        from: { name: author ? `${author} via ${s.fromName}` : s.fromName, address: s.address },
        to,
        cc: cc.length ? [...new Set(cc)] : undefined,
        subject: replySubject(d.subject, `Your message to ${s.fromName}`),
        ...(thread.length ? { inReplyTo: thread[0], references: [...thread].reverse() } : {}),
        text,
        html: textToHtml(text),
        attachments: files.map((a) => ({ filename: a.name, path: a.filePath as string, contentType: a.mime })),
        headers: {
          // an operator's reply is a person's mail (no Auto-Submitted); it asks Exchange-style
          // responders not to answer it with out-of-office notes, so they do not loop back
          'X-Auto-Response-Suppress': 'OOF, AutoReply',
        },
      });
    } catch (e) {
      const code = (e as { responseCode?: unknown }).responseCode;
      const reason = smtpReason(e);
      // 5xx: the server said no for good (no such user, refused login, policy); 4xx and network errors are retried
      if (typeof code === 'number' && code >= 500 && code < 600) {
        if ((e as { code?: unknown }).code === 'EAUTH') throw new PermanentDeliveryError(`The SMTP server ${this.smtpName(s)} refused the channel's login: an administrator must fix the SMTP settings (${reason})`, 'SMTP_AUTH');
        throw new PermanentDeliveryError(`The mail server refused the message: ${reason}`, 'SMTP_REJECTED');
      }
      throw new Error(`SMTP ${this.smtpName(s)}: ${reason}`);
    } finally {
      transport.close();
    }
    return messageId;
  }

  async checkConnection(channel: ChannelEntity): Promise<ConnectionCheck> {
    const v = validateEmailSettings(channel.settings);
    if ('errors' in v) return { ok: false, message: `The settings are not valid: ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
    const s = v.settings;
    const problems: string[] = [];
    const fine: string[] = [];
    if (s.imap) {
      try {
        const client = await connectImap(s.imap);
        await client.logout().catch(() => undefined);
        fine.push('IMAP');
      } catch (e) {
        problems.push(`IMAP (${s.imap.host}:${s.imap.port}) failed: ${imapReason(e)}`);
      }
    } else if (!this.config.inboundMail.port) {
      problems.push('Forwarded mail cannot arrive: this server does not listen for mail (set INBOUND_SMTP_PORT and INBOUND_MAIL_DOMAIN)');
    } else {
      fine.push(`forwarding to ${this.forwardingAddress(channel)} (SMTP on port ${this.config.inboundMail.port})`);
    }
    const transport = this.transportOf(s);
    try {
      await transport.verify();
      fine.push(s.smtp ? 'SMTP' : `replies through ${this.smtpName(s)}`);
    } catch (e) {
      problems.push(`SMTP (${this.smtpName(s)}) failed: ${smtpReason(e)}`);
    } finally {
      transport.close();
    }
    if (problems.length) return { ok: false, message: problems.join('. ') };
    if (!s.imap) return { ok: true, message: `Ready: ${fine.join('; ')}` };
    const [state] = await this.db.query(`SELECT last_error, last_polled_at FROM email_mailbox_state WHERE channel_id = $1`, [channel.id]).catch(() => []);
    if (state?.last_error) return { ok: true, message: `IMAP and SMTP connect now; the last mailbox check (${new Date(state.last_polled_at).toISOString()}) failed: ${state.last_error}` };
    return { ok: true, message: 'IMAP and SMTP connect' };
  }

  /**
   * The thread without the automated mail in it (an out-of-office note, a bounce): a reply answers
   * the client's or our last real mail, which the client's mail program has, not their auto-responder's.
   */
  private async personalThread(channelId: string, thread: string[]): Promise<string[]> {
    if (!thread.length) return thread;
    const rows: Array<{ external_id: string }> = await this.db.query(`SELECT external_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = ANY($2::text[]) AND automated IS NOT NULL`, [channelId, thread]);
    const automated = new Set(rows.map((r) => r.external_id));
    return thread.filter((id) => !automated.has(id));
  }

  /** The other recipients of the newest inbound mail of the thread that had any (a reply goes to them too). */
  private async ccOf(channelId: string, thread: string[]): Promise<string[]> {
    if (!thread.length) return [];
    const rows: Array<{ external_id: string; cc: string[] }> = await this.db.query(`SELECT external_id, cc FROM email_inbound_recipients WHERE channel_id = $1 AND external_id = ANY($2::text[])`, [channelId, thread]);
    const byId = new Map(rows.map((r) => [r.external_id, r.cc]));
    for (const id of thread) if (byId.has(id)) return byId.get(id) ?? [];
    return [];
  }
}
