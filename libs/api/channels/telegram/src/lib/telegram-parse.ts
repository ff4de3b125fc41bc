import { isLinkCode, type InboundAttachment, type NormalisedInboundMessage } from '@parley/api/channels/core';
import type { TgMessage, TgUpdate } from './telegram-types';

/** `channels.type` of Telegram channels; compared only inside this library. */
export const TELEGRAM_KIND = 'telegram';

/** The longest text one Telegram message holds (sendMessage). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** The longest caption of a photo or document. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

/** A file of an inbound message still on Telegram's servers: `ref` is its file_id, fetched by the adapter. */
export interface PendingTelegramFile extends InboundAttachment {
  /** What the client sent it as (shown when it cannot be kept). */
  label: string;
}

/**
 * The message an update carries, for the inbox, or null to ignore it. Only new messages of
 * private chats are read: group and channel posts are not conversations with one client, and
 * edits are not shown (the inbox has the first version; Parley has no inbound edits yet).
 *
 * `/start` (what a client's first tap on "Start" sends, with the deep link's parameter after it)
 * is kept as the readable line "Started the bot" (and the parameter): the client did reach out,
 * their conversation starts and the operator may greet them, without a bare command in the inbox.
 */
export function parseTelegramUpdate(channel: { id: string; workspaceId: string }, update: unknown): NormalisedInboundMessage | null {
  if (!update || typeof update !== 'object') return null;
  const m = (update as TgUpdate).message;
  if (!m || typeof m !== 'object' || !m.chat || typeof m.chat.id !== 'number' || typeof m.message_id !== 'number') return null;
  if (m.chat.type !== 'private') return null;
  if (m.from?.is_bot) return null;
  const chatId = String(m.chat.id);
  const attachments = filesOf(m);
  let body = typeof m.text === 'string' ? m.text : typeof m.caption === 'string' ? m.caption : '';
  const start = /^\/start(?:@\w+)?(?:\s+(.*))?$/s.exec(body.trim());
  const param = start?.[1]?.trim() ?? '';
  // a Parley link's code (SPEC A2): the inbound flow ties the client to the contact it names
  const linkCode = start && isLinkCode(param) ? param : null;
  if (start) body = linkCode ? 'Started the bot from a Parley link' : param ? `Started the bot (start parameter: ${param.slice(0, 200)})` : 'Started the bot';
  const extra: string[] = [];
  if (m.sticker) extra.push(`[sticker${m.sticker.emoji ? ` ${m.sticker.emoji}` : ''}]`);
  if (m.location && typeof m.location.latitude === 'number' && typeof m.location.longitude === 'number') {
    extra.push(`[location: ${m.location.latitude}, ${m.location.longitude} https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}]`);
  }
  let phone: string | null = null;
  if (m.contact && typeof m.contact.phone_number === 'string') {
    const who = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
    extra.push(`[contact: ${who ? `${who}, ` : ''}${m.contact.phone_number}]`);
    // a client sharing their own number (the "share my phone" button): it matches them to a known contact
    if (m.contact.user_id && m.from && m.contact.user_id === m.from.id) phone = m.contact.phone_number;
  }
  body = [body, ...extra].filter(Boolean).join('\n');
  if (!body && !attachments.length) body = '[a message of a kind Parley does not show yet]';
  const name = [m.from?.first_name ?? m.chat.first_name, m.from?.last_name ?? m.chat.last_name].filter((v) => typeof v === 'string' && v.trim()).join(' ').trim();
  const username = m.from?.username ?? m.chat.username;
  return {
    kind: TELEGRAM_KIND,
    channelId: channel.id,
    workspaceId: channel.workspaceId,
    externalContactId: chatId,
    externalMessageId: `${chatId}:${m.message_id}`,
    clientId: null,
    body,
    replyTo: m.reply_to_message && typeof m.reply_to_message.message_id === 'number' ? [`${chatId}:${m.reply_to_message.message_id}`] : [],
    attachments,
    linkCode,
    sender: { name: name || (username ? `@${username}` : null), phone },
    receivedAt: typeof m.date === 'number' ? new Date(m.date * 1000) : new Date(),
  };
}

function filesOf(m: TgMessage): PendingTelegramFile[] {
  const out: PendingTelegramFile[] = [];
  if (Array.isArray(m.photo) && m.photo.length) {
    // Telegram sends each photo in several sizes: the largest is the original
    const best = m.photo.reduce((a, b) => ((b.file_size ?? (b.width ?? 0) * (b.height ?? 0)) > (a.file_size ?? (a.width ?? 0) * (a.height ?? 0)) ? b : a));
    if (typeof best.file_id === 'string') out.push({ name: `photo-${m.message_id}.jpg`, mime: 'image/jpeg', size: best.file_size ?? 0, ref: best.file_id, label: 'photo' });
  }
  const file = (o: TgMessage['document'], label: string, fallbackName: string, fallbackMime: string) => {
    if (!o || typeof o.file_id !== 'string') return;
    out.push({ name: (typeof o.file_name === 'string' && o.file_name.trim()) || fallbackName, mime: o.mime_type || fallbackMime, size: o.file_size ?? 0, ref: o.file_id, label });
  };
  file(m.document, 'document', `document-${m.message_id}`, 'application/octet-stream');
  file(m.voice, 'voice message', `voice-${m.message_id}.ogg`, 'audio/ogg');
  file(m.audio, 'audio', `audio-${m.message_id}.mp3`, 'audio/mpeg');
  file(m.video, 'video', `video-${m.message_id}.mp4`, 'video/mp4');
  file(m.video_note, 'video message', `video-note-${m.message_id}.mp4`, 'video/mp4');
  // an animation comes with a document copy of itself: one is enough
  if (!m.document) file(m.animation, 'animation', `animation-${m.message_id}.mp4`, 'video/mp4');
  return out;
}

/**
 * Text cut into Telegram-sized messages (4096 UTF-16 units each), at a paragraph, line or word
 * break where there is one in the second half of a part, never inside a surrogate pair.
 */
export function splitTelegramText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text ?? '';
  while (rest.length > limit) {
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const i = rest.lastIndexOf(sep, limit - sep.length);
      if (i >= limit / 2) {
        cut = i + sep.length;
        break;
      }
    }
    if (cut < 0) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() || !parts.length) parts.push(rest);
  return parts;
}

/** The message id part of `<chat_id>:<message_id>` when it is a message of that chat. */
export function messageIdIn(chatId: string, externalId: string | undefined | null): number | null {
  if (!externalId) return null;
  const [chat, id] = externalId.split(':');
  const n = Number(id);
  return chat === chatId && Number.isSafeInteger(n) && n > 0 ? n : null;
}
