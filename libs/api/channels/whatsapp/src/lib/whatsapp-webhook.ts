import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryStatusUpdate, WebhookRejectedError } from '@parley/api/channels/core';

/**
 * Meta signs every webhook POST with the app secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 * of the raw body>`. Checked before the body is even parsed, in constant time; a missing,
 * malformed or wrong signature is refused (401) so a stranger who learned the webhook URL cannot
 * put messages into the inbox (the hole Chatwoot had).
 */
export function verifySignature(appSecret: string, rawBody: Buffer, header: string | undefined): void {
  if (!appSecret) throw new WebhookRejectedError('the channel has no app secret to check signatures with');
  if (typeof header !== 'string' || !header) throw new WebhookRejectedError('the webhook is not signed (X-Hub-Signature-256 missing)');
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) throw new WebhookRejectedError('the webhook signature is malformed');
  const given = Buffer.from(m[1].toLowerCase(), 'hex');
  const want = createHmac('sha256', appSecret).update(rawBody).digest();
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new WebhookRejectedError('the webhook signature does not match');
}

/** `X-Hub-Signature-256` for a body (what Meta sends; the fake provider and tests use it). */
export function signatureOf(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time equality of two texts (the subscription handshake's verify token). */
export function sameText(a: string, b: string): boolean {
  // compared as digests: equal lengths whatever was given, so the length leaks nothing either
  const x = createHmac('sha256', 'verify-token').update(a).digest();
  const y = createHmac('sha256', 'verify-token').update(b).digest();
  return timingSafeEqual(x, y);
}

// ---- the payload ------------------------------------------------------------------------------

/** The media object of an image, document, audio, video or sticker message. */
export interface WaMedia {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
  /** Only some payloads carry a direct link (newer API versions); the id is what counts. */
  url?: string;
}

/** One entry of `value.messages[]` (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). */
export interface WaMessage {
  from?: string;
  id?: string;
  timestamp?: string;
  type?: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  text?: { body?: string };
  image?: WaMedia;
  document?: WaMedia;
  audio?: WaMedia;
  video?: WaMedia;
  sticker?: WaMedia;
  location?: { latitude?: number; longitude?: number; name?: string; address?: string; url?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string; description?: string } };
  button?: { text?: string; payload?: string };
  reaction?: { message_id?: string; emoji?: string };
  contacts?: Array<{ name?: { formatted_name?: string; first_name?: string; last_name?: string }; phones?: Array<{ phone?: string; wa_id?: string; type?: string }>; emails?: Array<{ email?: string }> }>;
  system?: { body?: string; type?: string; wa_id?: string; new_wa_id?: string };
  order?: { catalog_id?: string; text?: string; product_items?: Array<{ product_retailer_id?: string; quantity?: number | string; item_price?: number | string; currency?: string }> };
  referral?: { source_url?: string; headline?: string; body?: string };
  errors?: Array<{ code?: number; title?: string; message?: string; error_data?: { details?: string } }>;
}

export interface WaStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: Array<{ code?: number; title?: string; message?: string; error_data?: { details?: string } }>;
}

export interface WaValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: Array<{ profile?: { name?: string }; wa_id?: string }>;
  messages?: WaMessage[];
  statuses?: WaStatus[];
  errors?: unknown[];
}

export interface WaWebhookBody {
  object?: string;
  entry?: Array<{ id?: string; changes?: Array<{ field?: string; value?: WaValue }> }>;
}

/** A media part of an inbound message that the adapter still has to download. */
export interface PendingMedia {
  mediaId: string;
  mime: string;
  name: string;
  sha256: string | null;
}

/** One inbound message read from the payload, before its media is fetched. */
export interface ParsedWaMessage {
  /** The wamid: WhatsApp's own id, what a redelivered webhook repeats. */
  id: string;
  /** The sender's WhatsApp id (their number in digits). */
  waId: string;
  name: string | null;
  body: string;
  replyTo: string[];
  media: PendingMedia[];
  receivedAt: Date;
}

export interface ParsedWebhook {
  messages: ParsedWaMessage[];
  statuses: DeliveryStatusUpdate[];
}

/** Longest text taken from one part of a payload (Meta allows 4096 characters of text). */
const MAX_PART = 4096;

const str = (v: unknown, max = MAX_PART): string => (typeof v === 'string' ? v.slice(0, max) : '');
const WA_ID = /^[0-9]{5,20}$/;

function timeOf(ts: unknown, fallback: Date): Date {
  const n = typeof ts === 'string' || typeof ts === 'number' ? Number(ts) : NaN;
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : fallback;
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
};

function mediaOf(kind: string, m: WaMedia | undefined, messageId: string): PendingMedia | null {
  if (!m || typeof m.id !== 'string' || !m.id || m.id.length > 200) return null;
  // "audio/ogg; codecs=opus": the type without its parameters
  const mime = (str(m.mime_type, 200).split(';')[0].trim().toLowerCase() || 'application/octet-stream');
  const given = str(m.filename, 200).trim();
  const suffix = EXT[mime] ?? 'bin';
  const label = kind === 'audio' && m.voice ? 'voice-message' : kind;
  return { mediaId: m.id, mime, name: given || `${label}-${messageId.slice(-8).replace(/[^A-Za-z0-9]/g, '')}.${suffix}`, sha256: typeof m.sha256 === 'string' ? m.sha256 : null };
}

function locationText(l: NonNullable<WaMessage['location']>): string {
  const lat = typeof l.latitude === 'number' ? l.latitude : Number(l.latitude);
  const lng = typeof l.longitude === 'number' ? l.longitude : Number(l.longitude);
  const place = [str(l.name, 300), str(l.address, 500)].filter(Boolean).join(', ');
  const where = Number.isFinite(lat) && Number.isFinite(lng) ? `https://maps.google.com/?q=${lat},${lng}` : '';
  return ['📍 Location', place, where].filter(Boolean).join('\n');
}

function contactsText(cs: NonNullable<WaMessage['contacts']>): string {
  return cs
    .slice(0, 10)
    .map((c) => {
      const name = str(c.name?.formatted_name, 200) || [str(c.name?.first_name, 100), str(c.name?.last_name, 100)].filter(Boolean).join(' ') || 'Contact';
      const phones = (c.phones ?? []).slice(0, 5).map((p) => str(p.phone, 50)).filter(Boolean);
      const emails = (c.emails ?? []).slice(0, 5).map((e) => str(e.email, 200)).filter(Boolean);
      return ['👤 ' + name, ...phones, ...emails].join('\n');
    })
    .join('\n\n');
}

/** The text and files of one message, by its type; null for a type that carries nothing to keep. */
function contentOf(m: WaMessage, id: string): { body: string; media: PendingMedia[]; replyTo?: string } | null {
  const type = str(m.type, 50);
  switch (type) {
    case 'text':
      return { body: str(m.text?.body), media: [] };
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const media = mediaOf(type, m[type], id);
      const caption = str(m[type]?.caption);
      return { body: caption || (media ? '' : `(a ${type} WhatsApp did not pass on)`), media: media ? [media] : [] };
    }
    case 'location':
      return m.location ? { body: locationText(m.location), media: [] } : null;
    case 'interactive': {
      const i = m.interactive;
      const title = str(i?.button_reply?.title, 500) || str(i?.list_reply?.title, 500);
      const desc = str(i?.list_reply?.description, 500);
      return title ? { body: [title, desc].filter(Boolean).join('\n'), media: [] } : null;
    }
    case 'button':
      return m.button?.text || m.button?.payload ? { body: str(m.button.text, 500) || str(m.button.payload, 500), media: [] } : null;
    case 'reaction': {
      const emoji = str(m.reaction?.emoji, 50);
      // an empty emoji takes a reaction back: nothing to show
      return emoji ? { body: `Reacted ${emoji}`, media: [], replyTo: str(m.reaction?.message_id, 200) || undefined } : null;
    }
    case 'contacts':
      return m.contacts?.length ? { body: contactsText(m.contacts), media: [] } : null;
    case 'order': {
      const items = (m.order?.product_items ?? []).slice(0, 50).map((p) => `${str(p.quantity, 20) || String(p.quantity ?? 1)} × ${str(p.product_retailer_id, 100)} ${p.item_price ?? ''} ${str(p.currency, 10)}`.trim());
      return { body: ['🛒 Order', str(m.order?.text, 1000), ...items].filter(Boolean).join('\n'), media: [] };
    }
    case 'system':
      return m.system?.body ? { body: str(m.system.body), media: [] } : null;
    case 'unsupported':
    case 'unknown':
      return { body: '(a message of a kind WhatsApp does not pass on to businesses, e.g. a poll or a view-once photo)', media: [] };
    default:
      return null;
  }
}

const STATUS: Record<string, DeliveryStatusUpdate['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

/** Why a message failed, in Meta's words (title, message, details). */
function failureOf(errors: WaStatus['errors']): string | null {
  const e = Array.isArray(errors) ? errors[0] : undefined;
  if (!e) return null;
  const words = [...new Set([str(e.title, 300), str(e.message, 300), str(e.error_data?.details, 500)].filter(Boolean))].join(': ');
  const reason = words || 'WhatsApp did not deliver the message';
  return `${reason}${typeof e.code === 'number' ? ` (code ${e.code})` : ''}`.slice(0, 1000);
}

/**
 * Reads a (verified) webhook body: the messages and statuses of the channel's own number. A value
 * of another number of the same Meta app (one app can serve several channels) is left to that
 * channel; anything malformed is skipped rather than failing the call, so one odd entry cannot
 * make Meta redeliver the batch forever.
 */
export function parseWebhook(body: WaWebhookBody, phoneNumberId: string, now = new Date()): ParsedWebhook {
  const out: ParsedWebhook = { messages: [], statuses: [] };
  if (!body || typeof body !== 'object' || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) return out;
  for (const entry of body.entry.slice(0, 100)) {
    for (const change of (Array.isArray(entry?.changes) ? entry.changes : []).slice(0, 100)) {
      const value = change?.value;
      if (!value || typeof value !== 'object' || (change.field && change.field !== 'messages')) continue;
      if (String(value.metadata?.phone_number_id ?? '') !== phoneNumberId) continue;
      const names = new Map<string, string>();
      for (const c of Array.isArray(value.contacts) ? value.contacts : []) {
        if (typeof c?.wa_id === 'string' && typeof c.profile?.name === 'string' && c.profile.name.trim()) names.set(c.wa_id, c.profile.name.trim().slice(0, 200));
      }
      for (const m of Array.isArray(value.messages) ? value.messages : []) {
        const id = str(m?.id, 200);
        const waId = str(m?.from, 40);
        if (!id || !WA_ID.test(waId)) continue;
        const content = contentOf(m, id);
        if (!content) continue;
        const replyTo = [content.replyTo, str(m.context?.id, 200)].filter((x): x is string => !!x);
        out.messages.push({ id, waId, name: names.get(waId) ?? null, body: content.body, replyTo: [...new Set(replyTo)], media: content.media, receivedAt: timeOf(m.timestamp, now) });
      }
      for (const s of Array.isArray(value.statuses) ? value.statuses : []) {
        const id = str(s?.id, 200);
        const status = STATUS[str(s?.status, 20)];
        if (!id || !status) continue;
        out.statuses.push({ externalMessageId: id, status, error: status === 'failed' ? failureOf(s.errors) ?? 'WhatsApp did not deliver the message' : null, at: timeOf(s.timestamp, now) });
      }
    }
  }
  return out;
}
