import { promises as fs } from 'node:fs';
import { Injectable, Module, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ChannelAdapter,
  ChannelAdapterFor,
  ChannelCapabilities,
  ChannelEntity,
  ChannelInboundModule,
  ConnectionCheck,
  InboundAttachment,
  NormalisedInboundMessage,
  OutboundDelivery,
  PermanentDeliveryError,
  SettingsValidation,
  WebhookRejectedError,
  WebhookRequest,
  WebhookResult,
} from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { MAX_ATTACHMENT_BYTES } from '@parley/shared/contracts';
import { ConversationsModule } from '@parley/api/conversations';
import { DataSource } from 'typeorm';
import { GraphApiClient, GraphApiError, MediaTooLargeError } from './graph-api.client';
import { validateWhatsappSettings, WHATSAPP_SETTINGS_FIELDS, WhatsappSettings } from './whatsapp-settings';
import { templatePayload } from './whatsapp-templates';
import { WhatsappTemplatesResolver } from './whatsapp-templates.resolver';
import { WhatsappTemplatesService } from './whatsapp-templates.service';
import { WHATSAPP_TEMPLATE_SYNC_EVERY_MS, WHATSAPP_TEMPLATE_SYNC_JOB, WhatsappTemplateSyncJob } from './whatsapp-template-sync.job';
import { parseWebhook, ParsedWaMessage, sameText, verifySignature, WaWebhookBody } from './whatsapp-webhook';

/** `channels.type` of WhatsApp channels; compared only inside this library. */
export const WHATSAPP_KIND = 'whatsapp';

/** WhatsApp's customer-service window: free-form messages only this long after the client last wrote. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The longest text message WhatsApp takes; longer text goes as several. */
export const WHATSAPP_TEXT_MAX = 4096;
/** Images above this go as documents (WhatsApp's image limit); JPEG and PNG only. */
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_MIMES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png']);

/** Splits text into parts of at most `max` characters, at a line break or space where there is one. */
export function splitText(text: string, max = WHATSAPP_TEXT_MAX): string[] {
  const chars = [...text.trim()];
  const parts: string[] = [];
  let start = 0;
  while (chars.length - start > max) {
    let end = start + max;
    const window = chars.slice(start, end).join('');
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (cut > max / 2) end = start + [...window.slice(0, cut)].length;
    parts.push(chars.slice(start, end).join('').trim());
    start = end;
  }
  const rest = chars.slice(start).join('').trim();
  if (rest) parts.push(rest);
  return parts.filter(Boolean);
}

/** How a closed window reads to the operator. */
function windowClosedReason(lastInboundAt: Date | null | undefined, now: number): string {
  if (!lastInboundAt) return 'The 24-hour WhatsApp window is closed: the client has not written on WhatsApp in this conversation; a template message is needed';
  const hours = Math.floor((now - lastInboundAt.getTime()) / 3_600_000);
  const at = lastInboundAt.toISOString().slice(0, 16).replace('T', ' ');
  return `The 24-hour WhatsApp window is closed: the client last wrote ${at} UTC (${hours} hours ago); a template message is needed`;
}

/** The longest text put into a template's variable (Meta's limit on a template body is 1024 characters, the template's own words included). */
export const TEMPLATE_PARAM_MAX = 900;

/** Text as a template variable allows it: no line breaks or tabs, no runs of more than 4 spaces. */
export function templateText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .replace(/ {4,}/g, '   ')
    .trim();
}

/** Parts of a message already sent, per process: a retry after a later part failed does not send the earlier ones again. */
const SENT_PARTS_MAX = 5000;

/**
 * WhatsApp Business Cloud API (SPEC A3). Webhooks come from Meta signed with the app secret
 * (checked first; unsigned calls are refused and nothing is stored) and are stored once per wamid
 * however often Meta redelivers; statuses move the message's mark forward only (the framework's
 * DeliveryStatusService), so a failed message never shows "delivered". Outside the 24-hour
 * customer-service window nothing is sent: the message fails at once with the reason, instead of
 * letting an operator type into a closed window.
 */
@Injectable()
@ChannelAdapterFor(WHATSAPP_KIND)
export class WhatsappChannelAdapter implements ChannelAdapter<WhatsappSettings, WaWebhookBody> {
  readonly kind = WHATSAPP_KIND;
  readonly displayName = 'WhatsApp';
  readonly capabilities: Readonly<ChannelCapabilities> = Object.freeze({ editable: false, embeddable: false, readReceipts: true, emailsRepliesWhenAway: false, replyWindowHours: WHATSAPP_WINDOW_MS / 3_600_000 });
  readonly settingsFields = WHATSAPP_SETTINGS_FIELDS;
  private readonly sentParts = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly templates?: WhatsappTemplatesService,
  ) {}

  /**
   * Saving a channel with a Business Account ID syncs its approved templates; WhatsApp's refusal
   * (a wrong account id, a token without whatsapp_business_management) reaches the admin, the
   * settings stay saved. Without the id there is nothing to sync.
   */
  async onChannelSaved(channel: ChannelEntity): Promise<void> {
    const v = validateWhatsappSettings(channel.settings);
    if ('errors' in v || !v.settings.businessAccountId || !this.templates) return;
    try {
      await this.templates.sync(channel);
    } catch (e) {
      throw new Error(`the message templates could not be synced: ${(e as Error).message}`);
    }
  }

  /** Webhooks carry many messages and need their media fetched: `handleWebhook` reads them. */
  parseInbound(): NormalisedInboundMessage | null {
    return null;
  }

  validateSettings(raw: unknown): SettingsValidation<WhatsappSettings> {
    return validateWhatsappSettings(raw);
  }

  async checkConnection(channel: ChannelEntity): Promise<ConnectionCheck> {
    const v = validateWhatsappSettings(channel.settings);
    if ('errors' in v) return { ok: false, message: `The settings are incomplete: ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
    try {
      const n = await this.client(v.settings).phoneNumber(v.settings.phoneNumberId);
      const what = [n.verified_name, n.display_phone_number].filter(Boolean).join(', ');
      return { ok: true, message: what ? `Connected to ${what}` : 'Connected' };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'WHATSAPP_100') return { ok: false, message: 'WhatsApp does not know this phone number ID for this access token (WhatsApp Manager → API Setup)' };
      return { ok: false, message: (e as Error).message };
    }
  }

  async handleWebhook(channel: ChannelEntity, req: WebhookRequest): Promise<WebhookResult> {
    const v = validateWhatsappSettings(channel.settings);
    if ('errors' in v) throw new WebhookRejectedError('the WhatsApp channel is not fully configured', 401);
    const s = v.settings;
    if (req.method === 'GET') {
      // Meta's subscription handshake: echo the challenge only to someone who knows the verify token
      const mode = req.query['hub.mode'];
      const token = req.query['hub.verify_token'];
      const challenge = req.query['hub.challenge'];
      if (mode !== 'subscribe' || typeof token !== 'string' || !sameText(token, s.verifyToken)) throw new WebhookRejectedError('the verify token does not match', 403);
      if (typeof challenge !== 'string' || !/^[A-Za-z0-9._-]{1,200}$/.test(challenge)) return { response: { status: 400, body: 'hub.challenge is missing or malformed', contentType: 'text/plain' } };
      return { response: { status: 200, body: challenge, contentType: 'text/plain' } };
    }
    if (req.method !== 'POST') return { response: { status: 405, body: { message: 'GET (verification) or POST (events) only' } } };
    verifySignature(s.appSecret, req.rawBody, req.headers['x-hub-signature-256']);
    let body: WaWebhookBody;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return { response: { status: 400, body: { message: 'The body is not JSON' } } };
    }
    const parsed = parseWebhook(body, s.phoneNumberId);
    const client = this.client(s);
    const messages: NormalisedInboundMessage[] = [];
    for (const m of parsed.messages) messages.push(await this.inbound(channel, client, m));
    return { messages, statuses: parsed.statuses };
  }

  async deliver(d: OutboundDelivery): Promise<string> {
    const v = validateWhatsappSettings(d.channel.settings);
    if ('errors' in v) throw new PermanentDeliveryError('The WhatsApp channel is not fully configured: an administrator must complete its settings', 'WHATSAPP_SETTINGS');
    const s = v.settings;
    const to = d.externalContactId;
    if (!/^[0-9]{5,20}$/.test(to)) throw new PermanentDeliveryError('The client has no WhatsApp number to send to', 'NO_RECIPIENT');
    const client = this.client(s);
    // an operator's template message (sendTemplateMessage): allowed in and out of the window
    const [template] = await this.db.query(
      `SELECT s.name, s.language, s.variables FROM whatsapp_template_sends s
        WHERE s.message_id = $1 OR (s.message_id IS NULL AND EXISTS (SELECT 1 FROM messages m WHERE m.id = $1 AND m.conversation_id = s.conversation_id AND m.client_id = s.client_id))
        LIMIT 1`,
      [d.messageId],
    );
    if (template) {
      const variables = Array.isArray(template.variables) ? template.variables.map(String) : [];
      return client.sendMessage(s.phoneNumberId, { to, type: 'template', template: templatePayload(template.name, template.language, variables) });
    }
    const now = Date.now();
    const last = d.lastInboundAt ? new Date(d.lastInboundAt) : null;
    // checked before any call: a free-form message outside the window is refused by Meta (131047)
    if (!last || Number.isNaN(last.getTime()) || now - last.getTime() > WHATSAPP_WINDOW_MS) return this.deliverInTemplate(client, s, d, windowClosedReason(last, now));
    const context = d.lastInboundExternalId ? { context: { message_id: d.lastInboundExternalId } } : {};
    const parts: Array<() => Promise<string>> = [];
    for (const text of splitText(d.body ?? '')) {
      const first = parts.length === 0;
      parts.push(() => client.sendMessage(s.phoneNumberId, { to, type: 'text', text: { body: text, preview_url: false }, ...(first ? context : {}) }));
    }
    for (const a of d.attachments ?? []) {
      const first = parts.length === 0;
      parts.push(async () => client.sendMessage(s.phoneNumberId, { to, ...(await this.mediaMessage(client, s, a)), ...(first ? context : {}) }));
    }
    if (!parts.length) throw new PermanentDeliveryError('The message has neither text nor files', 'EMPTY');
    let wamid = '';
    for (const [i, send] of parts.entries()) {
      const key = `${d.messageId}:${i}`;
      const done = this.sentParts.get(key);
      if (done) {
        wamid = done;
        continue;
      }
      wamid = await send();
      if (this.sentParts.size >= SENT_PARTS_MAX) this.sentParts.clear();
      this.sentParts.set(key, wamid);
    }
    for (const i of parts.keys()) this.sentParts.delete(`${d.messageId}:${i}`);
    // the last part's id: its delivered/read mark stands for the message
    return wamid;
  }

  replyOutsideWindow(settings: unknown): string | null {
    const s = settings && typeof settings === 'object' ? (settings as Record<string, unknown>) : {};
    const name = typeof s['templateName'] === 'string' ? s['templateName'] : '';
    const language = typeof s['templateLanguage'] === 'string' ? s['templateLanguage'] : '';
    if (!name || !language) return null;
    return `The reply goes inside the approved template "${name}" (${language}): text only, at most ${TEMPLATE_PARAM_MAX} characters, on one line.`;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Outside the window only a template may go: with the channel's re-engagement template the
   * operator's text travels as its one variable (so it is delivered, not merely announced);
   * without one, or with files, the message fails with the reason instead of being sent to fail.
   */
  private async deliverInTemplate(client: GraphApiClient, s: WhatsappSettings, d: OutboundDelivery, closed: string): Promise<string> {
    if (!s.templateName || !s.templateLanguage) throw new PermanentDeliveryError(closed, 'WHATSAPP_WINDOW_CLOSED');
    const why = closed.replace(/; a template message is needed$/, '');
    if (d.attachments?.length) throw new PermanentDeliveryError(`${why}: files can be sent once the client writes again (the template carries text only)`, 'WHATSAPP_WINDOW_CLOSED');
    const param = templateText(d.body ?? '');
    if (!param) throw new PermanentDeliveryError('The message has no text to send in the template', 'EMPTY');
    if ([...param].length > TEMPLATE_PARAM_MAX) throw new PermanentDeliveryError(`${why}: the reply goes in the template "${s.templateName}", which takes at most ${TEMPLATE_PARAM_MAX} characters; shorten it`, 'WHATSAPP_WINDOW_CLOSED');
    return client.sendMessage(s.phoneNumberId, {
      to: d.externalContactId,
      type: 'template',
      template: templatePayload(s.templateName, s.templateLanguage, [param]),
    });
  }

  private client(s: WhatsappSettings): GraphApiClient {
    return new GraphApiClient({ baseUrl: this.config.channelApis.whatsapp, accessToken: s.accessToken });
  }

  /** The `type` and media object of one attachment: uploaded from the stored file, or linked when only a public URL exists. */
  private async mediaMessage(client: GraphApiClient, s: WhatsappSettings, a: OutboundDelivery['attachments'][number]): Promise<Record<string, unknown>> {
    const asImage = IMAGE_MIMES.has(a.mime) && a.size <= IMAGE_MAX_BYTES;
    const type = asImage ? 'image' : 'document';
    const extra = asImage ? {} : { filename: a.name.slice(0, 240) };
    if (a.filePath) {
      let file: Buffer;
      try {
        file = await fs.readFile(a.filePath);
      } catch {
        throw new PermanentDeliveryError(`The file ${a.name} is no longer stored`, 'GONE');
      }
      const id = await client.uploadMedia(s.phoneNumberId, file, a.mime, a.name);
      return { type, [type]: { id, ...extra } };
    }
    if (/^https:\/\//i.test(a.url)) return { type, [type]: { link: a.url, ...extra } };
    throw new PermanentDeliveryError(`The file ${a.name} cannot be sent: it is not stored on this server and has no public address (PUBLIC_URL)`, 'NO_FILE');
  }

  /** One parsed message as the framework stores it, with its files fetched from Meta. */
  private async inbound(channel: ChannelEntity, client: GraphApiClient, m: ParsedWaMessage): Promise<NormalisedInboundMessage> {
    const attachments: InboundAttachment[] = [];
    const notes: string[] = [];
    // a redelivered webhook is stored once anyway: its files are not fetched again
    const [known] = m.media.length ? await this.db.query(`SELECT 1 FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channel.id, m.id]) : [];
    for (const media of known ? [] : m.media) {
      try {
        const info = await client.mediaInfo(media.mediaId);
        if (typeof info.file_size === 'number' && info.file_size > MAX_ATTACHMENT_BYTES) throw new MediaTooLargeError(MAX_ATTACHMENT_BYTES);
        const content = await client.download(info.url, MAX_ATTACHMENT_BYTES);
        attachments.push({ name: media.name, mime: (info.mime_type ?? media.mime).split(';')[0].trim() || media.mime, size: content.length, ref: media.mediaId, content });
      } catch (e) {
        // Meta's trouble: fail the call so Meta delivers it again (stored once all the same)
        if (e instanceof GraphApiError && e.retryable) throw e;
        const why = e instanceof MediaTooLargeError ? e.message : 'WhatsApp no longer has it';
        notes.push(`[${media.name} not kept: ${why}]`);
      }
    }
    return {
      kind: WHATSAPP_KIND,
      channelId: channel.id,
      workspaceId: channel.workspaceId,
      externalContactId: m.waId,
      externalMessageId: m.id,
      clientId: null,
      body: [m.body, ...notes].filter(Boolean).join('\n\n'),
      replyTo: m.replyTo,
      attachments,
      sender: { name: m.name, phone: `+${m.waId}` },
      receivedAt: m.receivedAt,
    };
  }
}

/** The WhatsApp adapter with the framework's message flow; loaded in API and worker processes (the registry of each finds it). */
@Module({
  imports: [ChannelInboundModule, ConversationsModule],
  providers: [WhatsappChannelAdapter, WhatsappTemplatesService, WhatsappTemplatesResolver, WhatsappTemplateSyncJob],
  exports: [WhatsappChannelAdapter, WhatsappTemplatesService, WhatsappTemplateSyncJob],
})
export class WhatsappChannelModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // the API processes enqueue the slot, any worker runs it
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, WHATSAPP_TEMPLATE_SYNC_JOB, WHATSAPP_TEMPLATE_SYNC_EVERY_MS);
  }
}
