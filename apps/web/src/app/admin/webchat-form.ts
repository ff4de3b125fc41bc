/**
 * The web chat settings form's pure logic: GraphQL shape ⇄ form value, the mutation input, the
 * preview's WidgetSettings, client-side checks mirroring the API's, and server errors → fields.
 */
import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import {
  ErrorCode,
  LauncherIcon,
  LauncherShape,
  WEBCHAT_COLOR_PATTERN,
  WEBCHAT_LANGUAGES,
  WidgetColors,
  WidgetPosition,
  WidgetSettings,
} from '@parley/shared/contracts';
import { GraphqlRequestError } from '../core/graphql-error';

export interface WebchatTextsValue {
  language: string;
  header: string;
  welcome: string;
}

export interface WebchatSettingsValue {
  botEnabled: boolean;
  /** SPEC C9/D2: the bot scenario the channel's bot runs. */
  botScenarioId: string | null;
  companyName: string;
  avatarUrl: string;
  defaultLanguage: string;
  texts: WebchatTextsValue[];
  inputPlaceholder: string;
  colors: WidgetColors;
  radius: number;
  launcherIcon: LauncherIcon;
  launcherShape: LauncherShape;
  hideLauncher: boolean;
  position: WidgetPosition;
  showOperatorIdentity: boolean;
}

/** `Channel` as the admin screen loads it. */
export interface WebchatChannel {
  id: string;
  name: string;
  type: string;
  publicKey: string;
  active: boolean;
  webchat: (WebchatSettingsValue & { version: number }) | null;
}

export interface WebchatFormValue extends WebchatSettingsValue {
  name: string;
  active: boolean;
}

export const LANGUAGE_NAMES: Partial<Record<string, string>> = {
  en: 'English', pl: 'Polish', de: 'German', ru: 'Russian', nl: 'Dutch', es: 'Spanish', pt: 'Portuguese', it: 'Italian',
  lt: 'Lithuanian', ja: 'Japanese', sv: 'Swedish', cs: 'Czech', hu: 'Hungarian', fi: 'Finnish', bg: 'Bulgarian',
  ro: 'Romanian', sq: 'Albanian', hr: 'Croatian', he: 'Hebrew', sk: 'Slovak', fr: 'French', uk: 'Ukrainian',
};
export const LANGUAGES: readonly string[] = WEBCHAT_LANGUAGES;

export function toFormValue(c: WebchatChannel): WebchatFormValue {
  const w = c.webchat;
  if (!w) throw new Error(`channel ${c.id} is not a web chat`);
  const { version: _version, ...settings } = w;
  return { name: c.name, active: c.active, ...settings, colors: { ...w.colors }, texts: w.texts.map((t) => ({ language: t.language, header: t.header, welcome: t.welcome })) };
}

/** The `updateWebchatChannel` input. */
export function toInput(id: string, v: WebchatFormValue): Record<string, unknown> {
  const { name, active, ...settings } = v;
  return {
    id,
    name: name.trim(),
    active,
    settings: {
      ...settings,
      companyName: settings.companyName.trim(),
      avatarUrl: settings.avatarUrl.trim(),
      inputPlaceholder: settings.inputPlaceholder.trim(),
      radius: Number(settings.radius),
      colors: { ...settings.colors },
      texts: settings.texts.map((t) => ({ language: t.language, header: t.header, welcome: t.welcome })),
    },
  };
}

/** What the preview widget shows for the form as it is now (even while invalid: the widget sanitises). */
export function toPreviewSettings(v: WebchatFormValue): WidgetSettings {
  const texts: Record<string, { header: string; welcome: string }> = {};
  for (const t of v.texts) texts[t.language] = { header: t.header, welcome: t.welcome };
  const main = texts[v.defaultLanguage] ?? v.texts[0] ?? { header: '', welcome: '' };
  return {
    channelName: v.name,
    title: v.companyName.trim() || v.name,
    welcomeMessage: main.welcome,
    inputPlaceholder: v.inputPlaceholder,
    color: v.colors.header,
    position: v.position,
    avatarUrl: v.avatarUrl.trim(),
    texts,
    defaultLanguage: v.defaultLanguage,
    colors: { ...v.colors },
    radius: Number(v.radius),
    launcherIcon: v.launcherIcon,
    launcherShape: v.launcherShape,
    hideLauncher: v.hideLauncher,
    showOperatorIdentity: v.showOperatorIdentity,
  };
}

export const colorValidator: ValidatorFn = (c: AbstractControl): ValidationErrors | null =>
  typeof c.value === 'string' && WEBCHAT_COLOR_PATTERN.test(c.value) ? null : { color: 'Use a colour like #1a2b3c or #abc' };

export const httpsOrEmptyValidator: ValidatorFn = (c: AbstractControl): ValidationErrors | null => {
  const v = typeof c.value === 'string' ? c.value.trim() : '';
  if (!v) return null;
  try {
    if (new URL(v).protocol === 'https:') return null;
  } catch {
    /* fall through */
  }
  return { https: 'Must be an https:// address, or empty' };
};

/** The first error of a control as a sentence. */
export function errorMessage(errors: ValidationErrors | null | undefined): string {
  if (!errors) return '';
  if (typeof errors['server'] === 'string') return errors['server'];
  if (errors['required']) return 'Required';
  if (errors['maxlength']) return `At most ${errors['maxlength'].requiredLength} characters`;
  if (errors['min'] || errors['max']) return 'From 0 to 24 px';
  if (typeof errors['color'] === 'string') return errors['color'];
  if (typeof errors['https'] === 'string') return errors['https'];
  return 'Invalid value';
}

/** BAD_USER_INPUT from `updateWebchatChannel` → { 'colors.header': 'Use a colour…', … }; empty for other errors. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof GraphqlRequestError) || error.code !== ErrorCode.BadUserInput) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const list = e.extensions?.['fieldErrors'];
    if (Array.isArray(list)) {
      for (const fe of list as Array<{ field?: unknown; message?: unknown }>) {
        if (typeof fe.field === 'string' && typeof fe.message === 'string' && !out[fe.field]) out[fe.field] = fe.message;
      }
    }
  }
  return out;
}

export function embedCode(origin: string, publicKey: string): string {
  return `<script async src="${origin}/widget.js" data-channel="${publicKey}"></script>`;
}

export function directLink(origin: string, publicKey: string): string {
  return `${origin}/chat/${encodeURIComponent(publicKey)}`;
}
