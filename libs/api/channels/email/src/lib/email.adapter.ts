import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { POLL_EMAIL_MAILBOX_JOB } from './email-jobs';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ChannelAdapter,
  ChannelAdapterFor,
  ChannelCapabilities,
  ChannelEntity,
  ConnectionCheck,
  DeliveryStatusService,
  NormalisedInboundMessage,
  normaliseEmail,
  OutboundDelivery,
  PermanentDeliveryError,
  SettingsValidation,
} from '@parley/api/channels/core';
import { DataSource } from 'typeorm';
import { textToHtml } from './email-html';
import { bounceReportOf, EmailInbound, MAX_EMAIL_BYTES, normaliseInboundEmail, normaliseMessageId, recipientsOf } from './email-parse';
import { EmailReplyAddress } from './email-reply-address';
import { AutoMailLimiter } from '@parley/api/platform/mail';
import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
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

  private readonly logger = new Logger('EmailChannel');
  private readonly replyAddress: EmailReplyAddress;
  private readonly droppedLogged = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly limiter: AutoMailLimiter,
    private readonly statuses: DeliveryStatusService,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    @Optional() private readonly queue?: QueueService,
  ) {
    this.replyAddress = new EmailReplyAddress(config.channelSecretsKey);
  }

  /** Where a channel's signed reply addresses are made: its own address (IMAP: plus-addressing), or Parley's inbound domain (forwarding: `c<token>@domain`). */
  private replyBase(s: EmailSettings): string {
    return s.inbound === 'forwarding' ? `@${this.config.inboundMail.domain}` : s.address;
  }

  /** The conversation a bare `c<token>@INBOUND_MAIL_DOMAIN` local part names, unchecked (the listener then checks it for that conversation's channel). */
  replyTokenOf(localPart: string) {
    return localPart.includes('+') ? null : this.replyAddress.tokenOf(localPart);
  }

  /** Whether a token is this channel's (its MAC). */
  replyTokenValid(token: NonNullable<ReturnType<EmailChannelAdapter['replyTokenOf']>>, channelId: string): boolean {
    return this.replyAddress.valid(token, channelId);
  }

  /** The signed reply address of a conversation (`support+c…@shop.test`), or null when it would be too long. */
  replyAddressOf(channel: Pick<ChannelEntity, 'id'>, s: EmailSettings, conversationId: string): string | null {
    return this.replyAddress.make(this.replyBase(s), channel.id, conversationId);
  }

  /**
   * Mail bomb protection: automated mail (auto-replies, bulk, bounces) from one sender on one
   * channel is stored at most AUTOMATED_INBOUND_PER_HOUR times an hour (a token bucket shared by
   * every process); the rest is dropped (false, logged once it starts). Mail a person wrote always passes.
   */
  async admit(channel: Pick<ChannelEntity, 'id'>, msg: NormalisedInboundMessage): Promise<boolean> {
    if (!msg.automated) return true;
    const n = this.config.autoMail.automatedInboundPerHour;
    const ok = await this.shared.take(`email-automated-in:${channel.id}:${msg.externalContactId}`, n / 3600, n);
    if (!ok) {
      // once a minute per sender, not once per dropped mail
      const key = `${channel.id}:${msg.externalContactId}`;
      const now = Date.now();
      if ((this.droppedLogged.get(key) ?? 0) < now - 60_000) {
        if (this.droppedLogged.size > 1000) this.droppedLogged.clear();
        this.droppedLogged.set(key, now);
        this.logger.warn(`channel ${channel.id}: dropping automated mail (${msg.automated}) from ${msg.externalContactId}: more than ${n} an hour from one sender (AUTOMATED_INBOUND_PER_HOUR)`);
      }
    }
    return ok;
  }

  /**
   * After an inbound mail was stored (poller and listener alike): its other recipients are kept for
   * the reply's CC; a bounce marks the reply it returns failed and the address it could not reach
   * bouncing; a mail a person wrote from an address marked bouncing clears the mark (it works again).
   */
  async afterReceive(channel: ChannelEntity, inbound: EmailInbound, msg: NormalisedInboundMessage): Promise<void> {
    if (msg.externalMessageId && msg.cc?.length && msg.automated !== 'bounce') {
      await this.db.query(`INSERT INTO email_inbound_recipients (channel_id, external_id, cc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [channel.id, msg.externalMessageId, msg.cc]);
    }
    if (msg.automated === 'bounce') await this.applyBounce(channel, inbound);
    else if (!msg.automated) {
      await this.db.query(`UPDATE contacts SET email_bouncing_at = NULL, email_bounce_reason = NULL, updated_at = now() WHERE workspace_id = $1 AND lower(email) = $2 AND email_bouncing_at IS NOT NULL`, [channel.workspaceId, msg.externalContactId]);
    }
  }

  /**
   * A permanent bounce of a mail Parley sent (matched by the Message-ID the report quotes, the
   * stored id of the delivery) marks that reply failed with the server's words — forward only, a
   * repeated bounce changes nothing — and the address it was sent to (the report's
   * Final-Recipient, when it names the contact's address) on the conversation's contact as bouncing. A delay notice changes nothing.
   */
  private async applyBounce(channel: ChannelEntity, inbound: EmailInbound): Promise<void> {
    const report = bounceReportOf(inbound, null);
    if (!report?.permanent) return;
    const reason = `The mail bounced: ${report.reason ?? "the recipient's server did not accept it"}`;
    for (const id of report.originalIds) {
      const [ours] = await this.db.query(
        `SELECT r.conversation_id, ct.id AS contact_id, lower(ct.email) AS email FROM channel_message_refs r JOIN conversations c ON c.id = r.conversation_id LEFT JOIN contacts ct ON ct.id = c.contact_id
          WHERE r.channel_id = $1 AND r.external_id = $2 AND r.direction = 'out'`,
        [channel.id, id],
      );
      if (!ours) continue;
      await this.statuses.apply(channel, { externalMessageId: id, status: 'failed', error: reason, at: new Date() });
      // the contact whose address it was (a report naming other recipients marks nobody: it is not about them)
      if (!ours.contact_id || !ours.email || (report.recipients.length && !report.recipients.includes(ours.email))) continue;
      await this.db.query(
        `UPDATE contacts SET email_bouncing_at = now(), email_bounce_reason = left($3, 500), updated_at = now() WHERE workspace_id = $1 AND id = $2`,
        [channel.workspaceId, ours.contact_id, report.reason ?? "the recipient's server did not accept mail"],
      );
    }
  }

  /** The address mail forwarded to this channel is sent to (served by the inbound SMTP listener). */
  forwardingAddress(channel: Pick<ChannelEntity, 'publicKey'>): string {
    return `${channel.publicKey.toLowerCase()}@${this.config.inboundMail.domain}`;
  }

  async adminDetails(channel: ChannelEntity): Promise<Array<{ label: string; value: string }>> {
    // read without validating: the stored secrets are sealed here
    if ((channel.settings as Record<string, unknown> | null)?.['inbound'] === 'forwarding') return [{ label: 'Forward your support mail to', value: this.forwardingAddress(channel) }];
    const [state] = await this.db.query(`SELECT import_total, import_done FROM email_mailbox_state WHERE channel_id = $1`, [channel.id]);
    if (state?.import_total === null || state?.import_total === undefined) return [];
    // the first import (or a re-read after the server renumbered the mailbox) is running
    return [{ label: 'Importing the mailbox', value: `${Number(state.import_done ?? 0)} of ${Number(state.import_total)} mails imported` }];
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
    const msg = normaliseInboundEmail({ id: channel.id, workspaceId: channel.workspaceId, address: settings.address, ownDomain: this.config.inboundMail.domain }, raw);
    // a mail sent to a conversation's signed reply address continues it when its headers do not (a forged tag names nothing)
    if (msg) msg.replyConversationId = this.replyAddress.read(recipientsOf(raw), this.replyBase(settings), channel.id);
    return msg;
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
    if (d.automatic) await this.assertAutomaticMayGo(d, to);
    const domain = s.address.split('@')[1];
    const messageId = `<${randomUUID()}@${domain}>`;
    // newest first as given; References lists the thread oldest first (RFC 5322 3.6.4)
    const thread = await this.personalThread(d.channel.id, (d.thread ?? []).map(normaliseMessageId).filter((id): id is string => !!id));
    const cc = (d.cc ?? (await this.ccOf(d.channel.id, thread))).map(normaliseEmail).filter((a): a is string => !!a && a !== to && a !== s.address);
    const files = d.attachments.filter((a) => a.filePath);
    const links = d.attachments.filter((a) => !a.filePath && a.url).map((a) => `${a.name}: ${a.url}`);
    const signature = await this.signatureOf(d);
    // "-- " on its own line: mail programs recognise (and may fold) the signature under it
    const text = [d.body ?? '', ...links, signature ? `-- \n${signature}` : ''].filter(Boolean).join('\n\n');
    const replyTo = this.replyAddressOf(d.channel, s, d.conversationId);
    const author = oneLine(d.authorName, 100).replace(/["<>]/g, '');
    const transport = this.transportOf(s);
    try {
      await transport.sendMail({
        messageId,
        from: { name: author ? `${author} via ${s.fromName}` : s.fromName, address: s.address },
        // the signed address of this conversation: an answer to it threads even without In-Reply-To/References
        ...(replyTo ? { replyTo: { name: s.fromName, address: replyTo } } : {}),
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

  /** The sending operator's e-mail signature (their profile), trimmed; null for none or for the bot. */
  private async signatureOf(d: OutboundDelivery): Promise<string | null> {
    if (!d.authorId || d.automatic) return null;
    const [row] = await this.db.query(`SELECT email_signature FROM operators WHERE id = $1 AND workspace_id = $2`, [d.authorId, d.channel.workspaceId]);
    const sig = typeof row?.email_signature === 'string' ? row.email_signature.replace(/\r\n/g, '\n').trim() : '';
    return sig || null;
  }

  /**
   * Loop protection for a message no person wrote (the bot, an automation): it is not sent — the
   * message fails at once, with the reason — when the client's newest mail in the conversation is
   * automated (an auto-reply, bulk mail, a bounce: answering it starts a loop), when the client's
   * address bounces, or when the address has had AUTO_MAIL_PER_HOUR automatic mails this hour.
   */
  private async assertAutomaticMayGo(d: OutboundDelivery, to: string): Promise<void> {
    const [last] = await this.db.query(
      `SELECT automated FROM channel_message_refs WHERE conversation_id = $1 AND channel_id = $2 AND direction = 'in' ORDER BY created_at DESC LIMIT 1`,
      [d.conversationId, d.channel.id],
    );
    if (last?.automated) throw new PermanentDeliveryError(`Not sent: the client's last mail was automatic (${last.automated === 'auto-reply' ? 'an automatic reply' : last.automated === 'bounce' ? 'a bounce' : 'bulk mail'}), and nothing automatic answers it`, 'AUTOMATED_PEER');
    const [contact] = await this.db.query(
      `SELECT ct.email_bouncing_at FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1 AND c.workspace_id = $2`,
      [d.conversationId, d.channel.workspaceId],
    );
    if (contact?.email_bouncing_at) throw new PermanentDeliveryError(`Not sent: mail to ${to} bounces`, 'BOUNCING');
    if (!(await this.limiter.allow(to))) throw new PermanentDeliveryError(`Not sent: ${to} has had ${this.config.autoMail.perHour} automatic mails this hour (AUTO_MAIL_PER_HOUR)`, 'AUTO_MAIL_LIMIT');
  }

  /** A new IMAP channel (never read yet) reads its mailbox now, not at the next tick: the first import starts at once. */
  async onChannelSaved(channel: ChannelEntity): Promise<void> {
    if ((channel.settings as Record<string, unknown> | null)?.['inbound'] === 'forwarding' || !channel.active || !this.queue) return;
    const [state] = await this.db.query(`SELECT 1 FROM email_mailbox_state WHERE channel_id = $1`, [channel.id]);
    if (state) return;
    await this.queue.add(QueueName.maintenance, POLL_EMAIL_MAILBOX_JOB, { channelId: channel.id }, { jobId: `${POLL_EMAIL_MAILBOX_JOB}-${channel.id}-saved-${Date.now()}`, attempts: 1 });
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
