/** Widget settings: defaults shown before `welcome`, and normalisation of what the server sends. */
import {
  PRECHAT_FIELDS,
  validateDisplayRules,
  type DisplayRules,
  type PreChatSettings,
  LAUNCHER_ICONS,
  LAUNCHER_SHAPES,
  WEBCHAT_LIMITS,
  type WidgetColors,
  type WidgetSettings,
  type WidgetTexts,
} from '@parley/shared/contracts';
import { normalizeConsent, normalizeOfflineForm } from './offline-form';

import { negotiateLanguage, uiTexts } from './i18n';

export const DEFAULT_HEADER_TEXT = 'We usually reply within a few minutes';

export const DEFAULT_SETTINGS: WidgetSettings = {
  channelName: 'Chat',
  title: 'Chat with us',
  welcomeMessage: 'Hi! How can we help you today?',
  inputPlaceholder: 'Type your message…',
  color: '#2563eb',
  position: 'right',
  avatarUrl: '',
  texts: {},
  defaultLanguage: 'en',
  colors: { header: '#2563eb', launcher: '#2563eb', operatorBubble: '#ffffff', visitorBubble: '#2563eb', text: '#1f2937' },
  radius: 14,
  launcherIcon: 'chat',
  launcherShape: 'circle',
  hideLauncher: false,
  showOperatorIdentity: false,
  bot: false,
};

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNC = /^(?:rgb|rgba|hsl|hsla)\([0-9\s.,%/+-]+\)$/i;
const NAMED = /^[a-z]{3,30}$/i;

/** A colour the widget accepts (the DOM layer additionally checks CSS.supports). */
export function isSafeColor(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && (HEX.test(value) || FUNC.test(value) || NAMED.test(value));
}

function text(value: unknown, fallback: string, max: number): string {
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : fallback;
}

const LANG = /^[a-z]{2,3}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isHttpsUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > WEBCHAT_LIMITS.avatarUrl) return false;
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

function normalizeTexts(v: unknown): Record<string, WidgetTexts> {
  const out: Record<string, WidgetTexts> = {};
  if (!isObj(v)) return out;
  for (const [lang, t] of Object.entries(v).slice(0, 40)) {
    if (!LANG.test(lang) || !isObj(t)) continue;
    out[lang] = {
      header: typeof t['header'] === 'string' ? t['header'].trim().slice(0, WEBCHAT_LIMITS.header) : '',
      welcome: typeof t['welcome'] === 'string' ? t['welcome'].trim().slice(0, WEBCHAT_LIMITS.welcome) : '',
    };
  }
  return out;
}

/** Each colour checked on its own; missing ones derive from the accent colour (older settings have only `color`). */
function normalizeColors(v: unknown, accent: string): WidgetColors {
  const c = isObj(v) ? v : {};
  const fallback: WidgetColors = { header: accent, launcher: accent, operatorBubble: '#ffffff', visitorBubble: accent, text: '#1f2937' };
  const pick = (k: keyof WidgetColors): string => (isSafeColor(c[k]) ? (c[k] as string).trim() : fallback[k]);
  return { header: pick('header'), launcher: pick('launcher'), operatorBubble: pick('operatorBubble'), visitorBubble: pick('visitorBubble'), text: pick('text') };
}

/** Merges untrusted settings over the defaults field by field; never throws. */
export function normalizeSettings(input: unknown, base: WidgetSettings = DEFAULT_SETTINGS): WidgetSettings {
  const s = (input && typeof input === 'object' ? input : {}) as Partial<Record<keyof WidgetSettings, unknown>>;
  const color = isSafeColor(s.color) ? s.color.trim() : base.color;
  const radius = typeof s.radius === 'number' && Number.isInteger(s.radius) && s.radius >= WEBCHAT_LIMITS.radiusMin && s.radius <= WEBCHAT_LIMITS.radiusMax ? s.radius : (base.radius ?? 14);
  return {
    channelName: text(s.channelName, base.channelName, 200),
    title: text(s.title, base.title, 200),
    // An empty welcome message is a valid choice: it hides the welcome bubble.
    welcomeMessage:
      typeof s.welcomeMessage === 'string' ? s.welcomeMessage.trim().slice(0, 2000) : base.welcomeMessage,
    inputPlaceholder: text(s.inputPlaceholder, base.inputPlaceholder, 200),
    color,
    position: s.position === 'left' || s.position === 'right' ? s.position : base.position,
    avatarUrl: isHttpsUrl(s.avatarUrl) ? s.avatarUrl : '',
    texts: normalizeTexts(s.texts),
    defaultLanguage: typeof s.defaultLanguage === 'string' && LANG.test(s.defaultLanguage) ? s.defaultLanguage : (base.defaultLanguage ?? 'en'),
    colors: normalizeColors(s.colors, color),
    radius,
    launcherIcon: (LAUNCHER_ICONS as readonly unknown[]).includes(s.launcherIcon) ? (s.launcherIcon as WidgetSettings['launcherIcon']) : (base.launcherIcon ?? 'chat'),
    launcherShape: (LAUNCHER_SHAPES as readonly unknown[]).includes(s.launcherShape) ? (s.launcherShape as WidgetSettings['launcherShape']) : (base.launcherShape ?? 'circle'),
    hideLauncher: typeof s.hideLauncher === 'boolean' ? s.hideLauncher : (base.hideLauncher ?? false),
    showOperatorIdentity: typeof s.showOperatorIdentity === 'boolean' ? s.showOperatorIdentity : (base.showOperatorIdentity ?? false),
    offlineForm: normalizeOfflineForm(s.offlineForm),
    marketingConsent: normalizeConsent(s.marketingConsent),
    preChat: normalizePreChat(s.preChat),
    displayRules: normalizeDisplayRules(s.displayRules),
    bot: s.bot === true,
  };
}

function normalizePreChat(v: unknown): PreChatSettings | undefined {
  if (!isObj(v)) return undefined;
  const fields = (Array.isArray(v['fields']) ? v['fields'] : [])
    .filter((f): f is Record<string, unknown> => isObj(f) && (PRECHAT_FIELDS as readonly unknown[]).includes(f['field']))
    .slice(0, PRECHAT_FIELDS.length)
    .map((f) => ({ field: f['field'] as PreChatSettings['fields'][number]['field'], required: f['required'] === true }));
  return { enabled: v['enabled'] === true, fields, skipKnownContacts: v['skipKnownContacts'] !== false };
}

/** Display rules as the server validated them; anything malformed means "no rules" (always show). */
function normalizeDisplayRules(v: unknown): DisplayRules | undefined {
  return isObj(v) && validateDisplayRules(v).length === 0 ? (v as unknown as DisplayRules) : undefined;
}

/**
 * The header and welcome texts for the visitor's language (negotiated by `negotiateLanguage`:
 * navigator.languages order, exact then primary subtag, else the channel's default): the admin's
 * texts of that language, else the widget's built-in texts in that language. Settings without any
 * per-language texts (older channels) keep their single welcome message.
 */
export function pickTexts(s: WidgetSettings, languages: readonly string[]): WidgetTexts {
  const texts = s.texts ?? {};
  const lang = negotiateLanguage(languages, Object.keys(texts), s.defaultLanguage);
  if (texts[lang]) return texts[lang];
  const ui = uiTexts(lang);
  if (!Object.keys(texts).length) return { header: ui.header, welcome: s.welcomeMessage };
  return { header: ui.header, welcome: ui.welcome };
}

/** The CSS custom properties the shadow root's styles read (every value already checked). */
export function cssVariables(s: WidgetSettings): Record<string, string> {
  const colors = s.colors ?? normalizeColors(undefined, s.color);
  const radius = s.radius ?? 14;
  return {
    '--pc': colors.header,
    '--pc-text': contrastText(colors.header),
    '--launcher-bg': colors.launcher,
    '--launcher-fg': contrastText(colors.launcher),
    '--op-bg': colors.operatorBubble,
    '--op-fg': colors.text,
    '--vis-bg': colors.visitorBubble,
    '--vis-fg': contrastText(colors.visitorBubble),
    '--text': colors.text,
    '--radius': `${radius}px`,
    '--bubble-radius': `${Math.min(radius, 18)}px`,
    '--launcher-radius': s.launcherShape === 'rounded' ? `${Math.max(8, Math.min(radius, 16))}px` : '50%',
  };
}

/** Black or white text for a background colour (hex only; anything else gets white). */
export function contrastText(color: string): string {
  const m = HEX.exec(color) ? color.slice(1) : null;
  if (!m) return '#ffffff';
  const full = m.length <= 4 ? m.slice(0, 3).split('').map((c) => c + c).join('') : m.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs with near-black (#111 ≈ 0.0056).
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.0556) ? '#ffffff' : '#111111';
}
