import { createHmac, randomBytes } from 'node:crypto';
import type { ChannelSettingsField, SettingsValidation } from '@parley/api/channels/core';

export type TelegramMode = 'webhook' | 'polling';

/** A Telegram channel's settings as stored (botToken and webhookSecret sealed at rest). */
export interface TelegramSettings {
  botToken: string;
  /** What Telegram echoes in `X-Telegram-Bot-Api-Secret-Token` on every webhook call (setWebhook's secret_token). */
  webhookSecret: string;
  mode: TelegramMode;
  /** The bot's @username, as getMe told it when the channel was saved (not a secret): deep links are t.me/<it>. */
  botUsername?: string;
}

/** Telegram usernames: 5–32 letters, digits and underscores. */
export const BOT_USERNAME_PATTERN = /^[A-Za-z0-9_]{5,32}$/;

/** BotFather's tokens: the bot's numeric id, a colon, 35 characters (30 at least, to allow for changes). */
export const BOT_TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]{30,}$/;
/** setWebhook's secret_token: 1–256 characters of A-Z, a-z, 0-9, _ and -. */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

export const TELEGRAM_SETTINGS_FIELDS: ChannelSettingsField[] = [
  { key: 'botToken', label: 'Bot token', type: 'secret', required: true, hint: 'From @BotFather (/newbot or /token), like 123456789:AA…', placeholder: '123456789:AA…' },
  {
    key: 'mode',
    label: 'How Telegram reaches Parley',
    type: 'select',
    options: [
      { value: 'webhook', label: 'Webhook (Telegram calls PUBLIC_URL; needs HTTPS reachable from the internet)' },
      { value: 'polling', label: 'Polling (Parley asks Telegram every few seconds; for servers Telegram cannot reach)' },
    ],
    hint: 'Webhook unless this server has no public HTTPS address',
  },
  { key: 'webhookSecret', label: 'Webhook secret', type: 'secret', hint: 'Left empty, Parley makes one: Telegram sends it with every webhook call' },
];

/** The settings read from what an admin sent (secrets opened), or the reasons they are not valid. */
export function validateTelegramSettings(raw: unknown): SettingsValidation<TelegramSettings> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] };
  const s = raw as Record<string, unknown>;
  const errors: Array<{ field: string; message: string }> = [];
  const token = typeof s['botToken'] === 'string' ? s['botToken'].trim() : '';
  if (!token) errors.push({ field: 'botToken', message: 'The bot token is required: create a bot with @BotFather and paste its token' });
  else if (!BOT_TOKEN_PATTERN.test(token)) errors.push({ field: 'botToken', message: 'This is not a bot token: it looks like 123456789:AAH… (digits, a colon, then at least 30 letters, digits, _ or -)' });
  const mode = s['mode'] === undefined || s['mode'] === null || s['mode'] === '' ? 'webhook' : s['mode'];
  if (mode !== 'webhook' && mode !== 'polling') errors.push({ field: 'mode', message: 'Mode must be "webhook" or "polling"' });
  let secret = typeof s['webhookSecret'] === 'string' ? s['webhookSecret'].trim() : '';
  if (s['webhookSecret'] !== undefined && s['webhookSecret'] !== null && typeof s['webhookSecret'] !== 'string') errors.push({ field: 'webhookSecret', message: 'The webhook secret must be text' });
  else if (secret && !WEBHOOK_SECRET_PATTERN.test(secret)) errors.push({ field: 'webhookSecret', message: 'The webhook secret must be 16 to 256 characters of A–Z, a–z, 0–9, _ and - (or left empty for Parley to make one)' });
  if (errors.length) return { ok: false, errors };
  // made once, then kept sealed with the settings (an edit that leaves it empty keeps the stored one)
  if (!secret) secret = randomBytes(32).toString('base64url');
  // not typed by admins (the form has no field): getMe's answer, kept through later edits
  const botUsername = typeof s['botUsername'] === 'string' && BOT_USERNAME_PATTERN.test(s['botUsername']) ? s['botUsername'] : undefined;
  return { ok: true, settings: { botToken: token, webhookSecret: secret, mode: mode as TelegramMode, ...(botUsername ? { botUsername } : {}) } };
}

/** The stored settings as the adapter uses them; null when the channel has no usable token. */
export function readTelegramSettings(settings: unknown): TelegramSettings | null {
  const s = (settings ?? {}) as Record<string, unknown>;
  const botToken = typeof s['botToken'] === 'string' ? s['botToken'] : '';
  if (!botToken) return null;
  const botUsername = typeof s['botUsername'] === 'string' && BOT_USERNAME_PATTERN.test(s['botUsername']) ? s['botUsername'] : undefined;
  return { botToken, webhookSecret: typeof s['webhookSecret'] === 'string' ? s['webhookSecret'] : '', mode: s['mode'] === 'polling' ? 'polling' : 'webhook', ...(botUsername ? { botUsername } : {}) };
}

/**
 * The `secret_token` given to setWebhook, which Telegram echoes on every call: the channel's secret
 * bound to its bot (HMAC over the bot id). When an admin puts another bot's token on the channel,
 * the old bot's webhook — still pointing here — no longer carries a valid secret.
 */
export function webhookSecretToken(s: Pick<TelegramSettings, 'botToken' | 'webhookSecret'>): string {
  if (!s.webhookSecret) return '';
  return createHmac('sha256', s.webhookSecret).update(`telegram-webhook:${s.botToken.split(':')[0]}`).digest('base64url');
}
