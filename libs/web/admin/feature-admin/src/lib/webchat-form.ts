/**
 * The web chat settings form's pure logic: GraphQL shape ⇄ form value, the mutation input, the
 * preview's WidgetSettings, client-side checks mirroring the API's, and server errors → fields.
 */
import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import {
  ErrorCode,
  normalizeTagName,
  tagNameError,
  WEBCHAT_COLOR_PATTERN,
  WEBCHAT_LANGUAGES,
  WebchatLanguage,
  WidgetSettings,
} from '@parley/shared/contracts';
import type { ChannelQuery } from '@parley/web/admin/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';

/** `Channel` as the admin screen loads it: the generated result of `Channel` (UpdateWebchatChannel and ChannelUpdated select the same fields). */
export type WebchatChannel = ChannelQuery['channel'];
type WebchatSettings = NonNullable<WebchatChannel['webchat']>;
export type WebchatTextsValue = WebchatSettings['texts'][number];
/** SPEC C6: the tag ('' = none) and owner (null = none) of contacts acquired through the chat. */
export type ContactAcquisitionValue = WebchatSettings['acquisition'];
/** The editable settings: the API's `WebchatSettings` as selected, without the version. */
export type WebchatSettingsValue = Omit<WebchatSettings, 'version'>;

export interface WebchatFormValue extends WebchatSettingsValue {
  name: string;
  active: boolean;
}

export const LANGUAGE_NAMES: Partial<Record<string, string>> = {
  en: 'English', pl: 'Polish', de: 'German', ru: 'Russian', nl: 'Dutch', es: 'Spanish', pt: 'Portuguese', it: 'Italian',
  lt: 'Lithuanian', ja: 'Japanese', sv: 'Swedish', cs: 'Czech', hu: 'Hungarian', fi: 'Finnish', bg: 'Bulgarian',
  ro: 'Romanian', sq: 'Albanian', hr: 'Croatian', he: 'Hebrew', sk: 'Slovak', fr: 'French', uk: 'Ukrainian',
};
export const LANGUAGES: readonly WebchatLanguage[] = WEBCHAT_LANGUAGES;

export function toFormValue(c: WebchatChannel): WebchatFormValue {
  const w = c.webchat;
  if (!w) throw new Error(`channel ${c.id} is not a web chat`);
  const { version: _version, ...settings } = w;
  return {
    name: c.name,
    active: c.active,
    ...settings,
    colors: { ...w.colors },
    texts: w.texts.map((t) => ({ language: t.language, header: t.header, welcome: t.welcome })),
    acquisition: { tag: w.acquisition?.tag ?? '', ownerId: w.acquisition?.ownerId ?? null },
  };
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
      acquisition: { tag: normalizeTagName(settings.acquisition.tag), ownerId: settings.acquisition.ownerId || null },
    },
  };
}

/** Empty (no tag) or a name the API takes (at most TAG_NAME_MAX characters once trimmed). */
export const tagNameValidator: ValidatorFn = (c: AbstractControl): ValidationErrors | null => {
  const name = normalizeTagName(c.value);
  const error = name ? tagNameError(name) : null;
  return error ? { tag: error } : null;
};

export interface OwnerOption {
  id: string;
  displayName: string;
  email: string;
  active: boolean;
  /** Observers do not handle chats, so they own no contacts. */
  role?: string;
}

/**
 * The owner choices: active operators who handle chats (no observers) by name, plus the stored owner when they have been
 * deactivated since (shown so the admin sees why saving fails, and can pick someone else).
 */
export function ownerOptions(operators: OwnerOption[], currentOwnerId: string | null): Array<OwnerOption & { label: string }> {
  const shown = operators.filter((o) => (o.active && o.role !== 'observer') || o.id === currentOwnerId);
  return [...shown]
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.email.localeCompare(b.email))
    .map((o) => ({ ...o, label: `${o.displayName} — ${o.email}${o.active ? '' : ' (deactivated)'}` }));
}

/** Catalog tags whose name contains what was typed (case-insensitive), at most `limit`. */
export function tagSuggestions(tags: Array<{ name: string }>, typed: string, limit = 8): string[] {
  const q = normalizeTagName(typed).toLowerCase();
  return tags.map((t) => t.name).filter((n) => !q || n.toLowerCase().includes(q)).slice(0, limit);
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
  if (typeof errors['tag'] === 'string') return errors['tag'];
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
