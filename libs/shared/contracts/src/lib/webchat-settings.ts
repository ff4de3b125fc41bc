/**
 * The web chat channel's window settings (SPEC C1, C9): the shape an admin edits, the limits the
 * API enforces, and the built-in choices the widget knows. Stored in `channels.settings` (jsonb)
 * with `version: WEBCHAT_SETTINGS_VERSION`.
 */
export const WEBCHAT_SETTINGS_VERSION = 1;

/** Languages the widget has texts for (the browser's language picks one; else the default). */
export const WEBCHAT_LANGUAGES = ['en', 'pl', 'de', 'ru', 'nl', 'es', 'pt', 'it', 'lt', 'ja', 'sv', 'cs', 'hu', 'fi', 'bg', 'ro', 'sq', 'hr', 'he', 'sk', 'fr', 'uk'] as const;
export type WebchatLanguage = (typeof WEBCHAT_LANGUAGES)[number];

export const LAUNCHER_ICONS = ['chat', 'bubbles', 'question', 'headset'] as const;
export type LauncherIcon = (typeof LAUNCHER_ICONS)[number];

export const LAUNCHER_SHAPES = ['circle', 'rounded'] as const;
export type LauncherShape = (typeof LAUNCHER_SHAPES)[number];

export const WIDGET_POSITIONS = ['left', 'right'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const WEBCHAT_LIMITS = {
  channelName: 100,
  companyName: 100,
  avatarUrl: 500,
  header: 200,
  welcome: 1000,
  inputPlaceholder: 100,
  maxLanguages: WEBCHAT_LANGUAGES.length,
  radiusMin: 0,
  radiusMax: 24,
} as const;

/** `#rgb` or `#rrggbb`, the only colour format admins may store. */
export const WEBCHAT_COLOR_PATTERN = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export interface WidgetColors {
  header: string;
  launcher: string;
  operatorBubble: string;
  visitorBubble: string;
  text: string;
}

/** Texts of one language. */
export interface WidgetTexts {
  /** Line under the company name in the header. */
  header: string;
  /** The first bubble; empty hides it. */
  welcome: string;
}
