/**
 * The widget's languages (SPEC C5): which exist, the browser's language negotiation, the writing
 * direction and the texts loaded so far. Only English is compiled in; the other languages' texts
 * (`i18n-texts.ts`) are fetched on demand by `i18n-loader.ts` and registered here. Texts an admin
 * wrote per language (channel settings `texts`) override the header and welcome defaults; everything
 * else (buttons, statuses, errors) comes from here.
 */
import { EN_TEXTS, type UiTexts } from './i18n-en';

export type { UiTexts } from './i18n-en';

/** The 20 languages the widget speaks; English is built in, the others load on demand. */
export const WIDGET_LANGUAGES = ['en', 'pl', 'de', 'ru', 'nl', 'es', 'pt', 'it', 'lt', 'ja', 'sv', 'cs', 'hu', 'fi', 'bg', 'ro', 'sq', 'hr', 'he', 'sk'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

export const isWidgetLanguage = (lang: string): lang is WidgetLanguage => (WIDGET_LANGUAGES as readonly string[]).includes(lang);

/** Texts loaded so far, by language. */
const loaded = new Map<string, UiTexts>([['en', EN_TEXTS]]);

/** True when `lang`'s own texts are available without a fetch (always for English). */
export const hasTexts = (lang: string): boolean => loaded.has(lang);

/**
 * Registers a language's texts (a fetched language file): only string values of keys English has
 * count, merged over English so a file missing a newer key still renders. Unknown languages and
 * anything that is not an object are ignored; returns whether the language is now known.
 */
export function registerTexts(lang: string, texts: unknown): boolean {
  if (!isWidgetLanguage(lang) || !texts || typeof texts !== 'object' || Array.isArray(texts)) return false;
  const merged: Record<string, string> = { ...(EN_TEXTS as unknown as Record<string, string>) };
  for (const key of Object.keys(merged)) {
    const value = (texts as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim()) merged[key] = value;
  }
  loaded.set(lang, merged as unknown as UiTexts);
  return true;
}

/** Languages written right to left. */
const RTL = ['he', 'ar', 'fa', 'ur', 'yi'];

/**
 * The language to speak: the first of the browser's languages (navigator.languages order) that the
 * widget or the admin's texts know — exactly (`pt-br`) or by its primary subtag (`pt-BR` → `pt`) —
 * else the channel's default language, else English.
 */
export function negotiateLanguage(browser: readonly string[], adminLanguages: readonly string[], channelDefault: string | undefined): string {
  const known = (l: string) => isWidgetLanguage(l) || adminLanguages.includes(l);
  for (const raw of browser) {
    if (typeof raw !== 'string') continue;
    const lang = raw.trim().toLowerCase();
    if (!lang) continue;
    if (known(lang)) return lang;
    const primary = lang.split(/[-_]/)[0];
    if (known(primary)) return primary;
  }
  return channelDefault && known(channelDefault) ? channelDefault : 'en';
}

export const isRtl = (lang: string): boolean => RTL.includes(lang.split('-')[0]);

/** The language whose file the widget needs for `lang` (`pt-br` → `pt`), or null: English or unknown. */
export function languageToLoad(lang: string): WidgetLanguage | null {
  const primary = lang.split('-')[0];
  const wanted = isWidgetLanguage(lang) ? lang : isWidgetLanguage(primary) ? primary : null;
  return wanted && wanted !== 'en' ? wanted : null;
}

/** The widget's texts for a language: its own once loaded, else English. */
export function uiTexts(lang: string): UiTexts {
  return loaded.get(lang) ?? loaded.get(lang.split('-')[0]) ?? EN_TEXTS;
}

/**
 * A message of the chat session or the server (English) in the widget's language (SPEC C5): the
 * session's own messages by text, the server's by error code; anything else unknown becomes the
 * generic error outside English.
 */
export function sessionErrorText(message: string, t: UiTexts, code?: string): string {
  if (!message) return '';
  if (code === 'RATE_LIMITED') return t.offTooFast;
  if (code === 'MESSAGE_TOO_LONG') return t.tooLong;
  if (code === 'EMPTY_MESSAGE') return t.empty;
  const en = EN_TEXTS as unknown as Record<string, string>;
  const own: Record<string, keyof UiTexts> = {
    'Type a message first.': 'typeFirst',
    'Chat is unavailable.': 'unavailable',
    'Only your last message can be edited, for 15 minutes.': 'editOnlyLast',
    'Not connected. Try again in a moment.': 'notConnected',
    'This answer is no longer offered.': 'answerGone',
    'The message could not be edited.': 'editFailed',
  };
  if (own[message]) return t[own[message]];
  // already a text of the widget (in any language): as is
  if (Object.values(t).includes(message) || Object.values(en).includes(message)) return message;
  return t === EN_TEXTS ? message : t.error;
}

/** Replaces `{name}`-style placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
