import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelsService } from '@parley/api/channels/core';
import { ConversationsService } from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { MailService } from '@parley/api/platform/mail';
import {
  contactDisplayName,
  ConversationStatus,
  ErrorCode,
  MAX_CLIENT_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageAuthorType,
  OFFLINE_FORM_LABELS,
  OfflineFormFieldKey,
  normalizeOfflineFormValue,
  validateOfflineForm,
} from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { VisitorConversations } from '../visitor-conversations';
import { widgetSettings } from '../webchat-settings';
import { MarketingConsentService } from './marketing-consent.service';
import { WebchatMailSettingsService } from './webchat-mail-settings.service';

/** One visitor may leave this many offline messages per OFFLINE_VISITOR_WINDOW_MS. */
export const OFFLINE_PER_VISITOR = 3;
export const OFFLINE_VISITOR_WINDOW_MS = 10 * 60_000;
/** A whole channel takes at most this many offline messages per minute (a flood from many fresh visitors). */
export const OFFLINE_PER_CHANNEL_PER_MINUTE = 30;

const DETAIL_KEYS: OfflineFormFieldKey[] = ['street', 'region', 'city', 'postalCode', 'company'];

/**
 * SPEC C2: a message left through the offline form. Accepted whenever it is valid, whatever the
 * current availability: it starts a conversation in status Pending, stores the fields on the
 * contact, appears live in the inbox and e-mails the channel's notification addresses.
 */
@Injectable()
export class OfflineFormService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: ChannelsService,
    private readonly conversations: ConversationsService,
    private readonly settings: WebchatMailSettingsService,
    private readonly consent: MarketingConsentService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly visitorConversations: VisitorConversations,
  ) {}

  /**
   * `beforeStart` runs (and may throw, e.g. RATE_LIMITED) just before the new conversation is
   * created — after the form's own limits, not for a repeated submission: the gateway takes from
   * the same per-IP and per-channel new-conversation buckets as a first message.
   */
  async submit(visitorId: string, workspaceId: string, frame: Record<string, unknown>, beforeStart?: (channelId: string) => Promise<void>): Promise<{ conversationId: string }> {
    const clientId = frame['clientId'];
    if (typeof clientId !== 'string' || !clientId || clientId.length > MAX_CLIENT_ID_LENGTH) throw new DomainException(ErrorCode.BadFrame, `clientId must be a string of 1 to ${MAX_CLIENT_ID_LENGTH} characters`);
    const [visitor] = await this.db.query(`SELECT id, channel_id FROM visitors WHERE id = $1 AND workspace_id = $2`, [visitorId, workspaceId]);
    if (!visitor) throw notFound('Visitor');
    const channel = await this.channels.findById(workspaceId, visitor.channel_id);
    if (!channel || !channel.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');
    const mailSettings = await this.settings.get(channel.id);
    const form = mailSettings.offlineForm;
    if (!form.enabled) throw badInput('The offline form is switched off for this chat');
    const consent = frame['consent'] === true && mailSettings.marketingConsent.enabled;
    const fieldErrors = validateOfflineForm(form, frame['fields'], consent);
    if (fieldErrors.length) throw badInput(fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), { fieldErrors });
    const raw = frame['fields'] as Record<string, string | undefined>;
    const values: Partial<Record<OfflineFormFieldKey, string>> = {};
    for (const f of form.fields) {
      // the same normalisation the validator checked: single-line fields stay one line (no fake mail headers)
      const v = raw[f.key] === undefined ? undefined : normalizeOfflineFormValue(f.key, raw[f.key] as string);
      if (v) values[f.key] = v;
    }
    const body = values.message ?? this.summary(values);

    let repeated = false;
    const opened = await this.visitorConversations.open(visitorId, workspaceId, {
      // SPEC C2: a new conversation in Pending, of a new contact with the form's fields
      status: ConversationStatus.pending,
      current: async (m) => {
        const [previous] = await m.query(`SELECT conversation_id FROM offline_submissions WHERE visitor_id = $1 AND client_id = $2`, [visitorId, clientId]);
        if (previous) {
          repeated = true;
          return { conversationId: previous.conversation_id as string };
        }
        const [{ n: mine }] = await m.query(`SELECT count(*)::int AS n FROM offline_submissions WHERE visitor_id = $1 AND created_at > now() - $2 * interval '1 millisecond'`, [visitorId, OFFLINE_VISITOR_WINDOW_MS]);
        if (mine >= OFFLINE_PER_VISITOR) throw new DomainException(ErrorCode.RateLimited, 'You have already left several messages. Please wait a few minutes before sending another.');
        const [{ n: all }] = await m.query(`SELECT count(*)::int AS n FROM offline_submissions WHERE channel_id = $1 AND created_at > now() - interval '1 minute'`, [channel.id]);
        if (all >= OFFLINE_PER_CHANNEL_PER_MINUTE) throw new DomainException(ErrorCode.RateLimited, 'Too many messages right now. Please try again in a minute.');
        return { conversationId: null, contactId: null, channel };
      },
      beforeStart: beforeStart ? () => beforeStart(channel.id) : undefined,
      onStart: async (m, c) => {
        const details = Object.fromEntries(DETAIL_KEYS.filter((k) => values[k]).map((k) => [k, values[k]]));
        await m.query(`UPDATE contacts SET name = $2, email = $3, phone = $4, form_details = $5::jsonb, updated_at = now() WHERE id = $1`, [
          c.contactId,
          values.name ?? null,
          values.email ?? null,
          values.phone ?? null,
          Object.keys(details).length ? JSON.stringify(details) : null,
        ]);
        const [sub] = await m.query(`INSERT INTO offline_submissions (workspace_id, channel_id, visitor_id, conversation_id, client_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [workspaceId, channel.id, visitorId, c.conversationId, clientId]);
        if (consent && values.email) {
          await this.consent.request({ workspaceId, contactId: c.contactId, channelId: channel.id, email: values.email, companyName: widgetSettings(channel.name, channel.settings ?? {}).title }, m);
        }
        // the notification's outbox row commits with the submission (issue #9)
        if (mailSettings.notifyEmails.length) {
          const base = (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
          const lines = form.fields.filter((f) => f.key !== 'message' && values[f.key]).map((f) => `${OFFLINE_FORM_LABELS[f.key]}: ${values[f.key]}`);
          // named as the inbox names them: the name, else the e-mail or phone, else the pseudonym (issue #17)
          const who = contactDisplayName({ id: c.contactId, name: values.name, email: values.email, phone: values.phone });
          const text = [`${who} left a message through the offline form of "${channel.name}".`, '', ...lines, '', 'Message:', values.message ?? '(no message)', '', `Open the inbox to answer (the conversation is in Pending): ${base}/`].join('\n');
          await this.mail.enqueue(
            { to: mailSettings.notifyEmails, subject: `New offline message from ${who} — ${channel.name}`, text, replyTo: values.email },
            { jobId: `offline-notify-${sub.id}`, manager: m, workspaceId },
          );
        }
      },
    });
    if (repeated) return { conversationId: opened.conversationId };

    // the message event carries status Pending: the conversation appears live in the inbox
    await this.conversations.appendMessage({ workspaceId, conversationId: opened.conversationId, clientId, authorType: MessageAuthorType.visitor, authorId: visitorId, authorName: values.name ?? null, body });
    return { conversationId: opened.conversationId };
  }

  private summary(values: Partial<Record<OfflineFormFieldKey, string>>): string {
    const lines = Object.entries(values).map(([k, v]) => `${OFFLINE_FORM_LABELS[k as OfflineFormFieldKey]}: ${v}`);
    return ['(Offline form without a message)', ...lines].join('\n').slice(0, MAX_MESSAGE_LENGTH);
  }
}
