/**
 * SPEC C2 / C8 in the widget: normalising the offline form settings the server sends, and the
 * form itself (shown instead of the composer when no operator is available). Text goes through
 * textContent only; field errors come from the shared validator first, then from the server.
 */
import {
  DEFAULT_MARKETING_CONSENT_TEXT,
  DEFAULT_OFFLINE_FORM_INTRO,
  DEFAULT_OFFLINE_FORM_TITLE,
  ErrorCode,
  type MarketingConsentConfig,
  OFFLINE_FORM_FIELDS,
  OFFLINE_FORM_LIMITS,
  OFFLINE_FORM_TEXT_LIMITS,
  type OfflineFormConfig,
  type OfflineFormField,
  type OfflineFormFieldKey,
} from '@parley/shared/contracts';
import { h } from './dom';
import { fill, type UiTexts } from './i18n';
import { EN_TEXTS } from './i18n-en';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const KEYS: readonly string[] = OFFLINE_FORM_FIELDS;
/** The consent label an older server sent when the admin wrote none. */
const LEGACY_CONSENT_DEFAULT = 'I agree to receive marketing e-mails.';

/** SPEC C5: a field's label in the widget's language. */
export const offlineFieldLabel = (key: OfflineFormFieldKey, t: UiTexts): string => (key === 'message' ? t.input : t[key]);

/** The admin's title and intro win; the built-in English defaults (or none) are spoken in the widget's language. */
export const offlineTitle = (config: OfflineFormConfig, t: UiTexts): string => (!config.title || config.title === DEFAULT_OFFLINE_FORM_TITLE ? t.offTitle : config.title);
export const offlineIntro = (config: OfflineFormConfig, t: UiTexts): string => (config.intro === DEFAULT_OFFLINE_FORM_INTRO ? t.offIntro : config.intro);

/** The consent checkbox's label: the admin's text, else the widget's translation of the default (SPEC C8). */
export const consentLabel = (consent: MarketingConsentConfig, t: UiTexts): string =>
  !consent.text || consent.text === DEFAULT_MARKETING_CONSENT_TEXT || consent.text === LEGACY_CONSENT_DEFAULT ? t.consentDefault : consent.text;

/**
 * A field error of the shared validator (`validateOfflineForm`, in English, run here and on the
 * server) in the widget's language; anything unknown becomes a generic "check this field".
 */
export function offlineErrorText(message: string, t: UiTexts): string {
  if (!message) return '';
  if (message === 'Required') return t.required;
  const max = /^At most (\d+) characters$/.exec(message);
  if (max) return fill(t.maxChars, { n: max[1] });
  if (/confirmation|subscription/i.test(message)) return t.consentEmail;
  if (/e-mail/i.test(message)) return t.badEmail;
  if (/phone/i.test(message)) return t.badPhone;
  return t.offInvalid;
}

/** Untrusted settings → a form config, or undefined when absent or unusable. */
export function normalizeOfflineForm(v: unknown): OfflineFormConfig | undefined {
  if (!isObj(v)) return undefined;
  const fields: OfflineFormField[] = [];
  if (Array.isArray(v['fields'])) {
    for (const f of v['fields'].slice(0, 20)) {
      if (isObj(f) && typeof f['key'] === 'string' && KEYS.includes(f['key']) && !fields.some((x) => x.key === f['key'])) {
        fields.push({ key: f['key'] as OfflineFormFieldKey, required: f['required'] === true });
      }
    }
  }
  if (!fields.length) return undefined;
  const c = isObj(v['colors']) ? v['colors'] : {};
  const color = (x: unknown) => (typeof x === 'string' && HEX.test(x) ? x : '');
  const text = (x: unknown, max: number) => (typeof x === 'string' ? x.trim().slice(0, max) : '');
  return {
    enabled: v['enabled'] === true,
    fields,
    title: text(v['title'], OFFLINE_FORM_TEXT_LIMITS.title) || DEFAULT_OFFLINE_FORM_TITLE,
    intro: text(v['intro'], OFFLINE_FORM_TEXT_LIMITS.intro),
    colors: { header: color(c['header']), button: color(c['button']) },
  };
}

export function normalizeConsent(v: unknown): MarketingConsentConfig | undefined {
  if (!isObj(v) || v['enabled'] !== true) return undefined;
  const text = typeof v['text'] === 'string' ? v['text'].trim().slice(0, OFFLINE_FORM_TEXT_LIMITS.consentText) : '';
  return { enabled: true, text: text || DEFAULT_MARKETING_CONSENT_TEXT };
}

export type OfflineStatus = 'idle' | 'sending' | 'sent' | 'error';

export interface OfflineState {
  status: OfflineStatus;
  /** Field → message (local or from the server). */
  fieldErrors: Record<string, string>;
  /** An error not tied to a field (rate limit, connection). */
  message: string;
  /** The server's error code behind `message` (RATE_LIMITED, …), which picks the translated text. */
  code?: string;
}

export interface OfflineFormCallbacks {
  submit(fields: Partial<Record<OfflineFormFieldKey, string>>, consent: boolean): void;
}

const INPUT_TYPES: Partial<Record<OfflineFormFieldKey, string>> = { email: 'email', phone: 'tel' };
const AUTOCOMPLETE: Partial<Record<OfflineFormFieldKey, string>> = {
  name: 'name',
  email: 'email',
  phone: 'tel',
  street: 'street-address',
  region: 'address-level1',
  city: 'address-level2',
  postalCode: 'postal-code',
  company: 'organization',
};

/** The form element: rebuilt when the config changes, updated in place for errors and progress. */
export class OfflineFormView {
  readonly element: HTMLElement;
  private signature = '';
  private inputs = new Map<OfflineFormFieldKey, HTMLInputElement | HTMLTextAreaElement>();
  private errors = new Map<string, HTMLElement>();
  private consentBox: HTMLInputElement | null = null;
  private submitButton: HTMLButtonElement | null = null;
  private generalError: HTMLElement | null = null;
  private form: HTMLFormElement | null = null;
  private thanks: HTMLElement;
  private thanksTitle: HTMLElement;
  private thanksMore: HTMLElement;

  constructor(private readonly cb: OfflineFormCallbacks) {
    this.thanksTitle = h('p', { class: 'offline-thanks-title' });
    this.thanksMore = h('p', {});
    this.thanks = h('div', { class: 'offline-thanks', role: 'status', 'data-testid': 'parley-offline-thanks', hidden: true }, this.thanksTitle, this.thanksMore);
    this.element = h('div', { class: 'offline', 'data-testid': 'parley-offline', hidden: true }, this.thanks);
  }

  /** Shows the form (or the thank-you state) for this config; `null` hides it. */
  render(config: OfflineFormConfig | null, consent: MarketingConsentConfig | undefined, state: OfflineState, t: UiTexts = EN_TEXTS): void {
    this.element.hidden = !config;
    if (!config) return;
    // rebuilt when the config or the language changes (typed values are kept)
    const sig = JSON.stringify([config, consent ?? null, t.offTitle, t.input, t.street, t.consentDefault]);
    if (sig !== this.signature) {
      this.signature = sig;
      this.build(config, consent, t);
    }
    this.thanksTitle.textContent = t.offThanks;
    this.thanksMore.textContent = t.offThanksMore;
    const sent = state.status === 'sent';
    this.thanks.hidden = !sent;
    if (this.form) this.form.hidden = sent;
    for (const [key, input] of this.inputs) {
      const message = offlineErrorText(state.fieldErrors[key] ?? '', t);
      const line = this.errors.get(key);
      if (line) line.textContent = message;
      input.setAttribute('aria-invalid', String(!!message));
    }
    if (this.generalError) {
      // a field error without a field of its own (e.g. a field the form no longer has) shows here too
      const stray = Object.keys(state.fieldErrors).some((k) => !this.inputs.has(k as OfflineFormFieldKey));
      this.generalError.textContent = state.message ? (state.code === ErrorCode.RateLimited ? t.offTooFast : t.offFailed) : stray ? t.offInvalid : '';
    }
    if (this.submitButton) {
      this.submitButton.disabled = state.status === 'sending';
      this.submitButton.textContent = state.status === 'sending' ? t.sending : t.send;
    }
  }

  /** Focus the first invalid field (after a refused submit). */
  focusFirstError(state: OfflineState): void {
    for (const [key, input] of this.inputs) {
      if (state.fieldErrors[key]) {
        input.focus();
        return;
      }
    }
  }

  private build(config: OfflineFormConfig, consent: MarketingConsentConfig | undefined, t: UiTexts): void {
    const typed = new Map<OfflineFormFieldKey, string>();
    for (const [key, input] of this.inputs) typed.set(key, input.value);
    const ticked = !!this.consentBox?.checked;
    this.inputs.clear();
    this.errors.clear();
    this.form?.remove();
    const style = [config.colors.header ? `--off-header:${config.colors.header}` : '', config.colors.button ? `--off-button:${config.colors.button}` : ''].filter(Boolean).join(';');
    const form = h('form', { class: 'offline-form', novalidate: true, 'aria-labelledby': 'parley-offline-title', 'data-testid': 'parley-offline-form' });
    if (style) form.setAttribute('style', style);
    form.appendChild(h('h3', { class: 'offline-title', id: 'parley-offline-title', 'data-testid': 'parley-offline-title' }, offlineTitle(config, t)));
    const intro = offlineIntro(config, t);
    if (intro) form.appendChild(h('p', { class: 'offline-intro', 'data-testid': 'parley-offline-intro' }, intro));
    for (const f of config.fields) {
      const id = `parley-off-${f.key}`;
      const label = h('label', { for: id }, offlineFieldLabel(f.key, t), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
      const attrs: Record<string, string | boolean> = {
        id,
        name: f.key,
        'data-testid': `parley-off-${f.key}`,
        'aria-describedby': `${id}-error`,
        maxlength: String(OFFLINE_FORM_LIMITS[f.key]),
      };
      if (f.required) attrs['aria-required'] = 'true';
      const input = f.key === 'message' ? h('textarea', { ...attrs, rows: '4' }) : h('input', { ...attrs, type: INPUT_TYPES[f.key] ?? 'text', autocomplete: AUTOCOMPLETE[f.key] ?? 'off' });
      const error = h('span', { class: 'field-error', id: `${id}-error`, 'data-testid': `parley-off-${f.key}-error` });
      input.value = typed.get(f.key) ?? '';
      this.inputs.set(f.key, input);
      this.errors.set(f.key, error);
      form.appendChild(h('div', { class: 'field' }, label, input, error));
    }
    this.consentBox = null;
    if (consent?.enabled) {
      this.consentBox = h('input', { type: 'checkbox', id: 'parley-off-consent', 'data-testid': 'parley-off-consent' });
      this.consentBox.checked = ticked;
      form.appendChild(h('div', { class: 'consent' }, this.consentBox, h('label', { for: 'parley-off-consent', 'data-testid': 'parley-off-consent-label' }, consentLabel(consent, t))));
    }
    this.generalError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'parley-off-error' });
    this.submitButton = h('button', { type: 'submit', class: 'offline-submit', 'data-testid': 'parley-off-submit' }, t.send);
    form.appendChild(this.generalError);
    form.appendChild(this.submitButton);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const values: Partial<Record<OfflineFormFieldKey, string>> = {};
      for (const [key, input] of this.inputs) if (input.value.trim()) values[key] = input.value;
      this.cb.submit(values, !!this.consentBox?.checked);
    });
    this.form = form;
    this.element.insertBefore(form, this.thanks);
  }
}

export const OFFLINE_CSS = `
.offline{flex:1;overflow-y:auto;background:#fff;padding:14px 16px}
.offline-form{display:flex;flex-direction:column;gap:10px}
.offline-title{margin:0;font-size:16px;color:var(--off-header,var(--pc))}
.offline-intro{margin:0;color:#4b5563;font-size:13px}
.offline .field{display:flex;flex-direction:column;gap:3px}
.offline label{font-size:13px;font-weight:600;color:#374151}
.offline .req{color:#b91c1c}
.offline input[type=text],.offline input[type=email],.offline input[type=tel],.offline textarea{font:inherit;font-size:15px;color:#111827;background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:7px 9px;resize:vertical;width:100%}
.offline input:focus,.offline textarea:focus{outline:none;border-color:var(--off-button,var(--pc));box-shadow:0 0 0 1px var(--off-button,var(--pc))}
.offline [aria-invalid=true]{border-color:#b91c1c}
.offline .field-error{color:#b91c1c;font-size:12px;min-height:0;margin:0}
.offline .consent{display:flex;gap:8px;align-items:flex-start}
.offline .consent label{font-weight:400}
.offline-submit{align-self:flex-start;background:var(--off-button,var(--pc));color:#fff;border-radius:8px;padding:8px 16px;font-weight:600}
.offline-submit:disabled{opacity:.6;cursor:default}
.offline-thanks{text-align:center;padding:24px 8px;color:#374151}
.offline-thanks-title{font-size:16px;font-weight:600;color:var(--off-header,var(--pc))}
`;
