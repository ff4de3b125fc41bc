import {
  DEFAULT_MARKETING_CONSENT_TEXT,
  DEFAULT_OFFLINE_FORM_INTRO,
  DEFAULT_OFFLINE_FORM_TITLE,
  EMAIL_ADDRESS_PATTERN,
  MarketingConsentConfig,
  OFFLINE_FORM_FIELDS,
  OFFLINE_FORM_TEXT_LIMITS,
  OfflineFormConfig,
  OfflineFormField,
  OfflineFormFieldKey,
  WEBCHAT_COLOR_PATTERN,
} from '@parley/shared/contracts';
import type { FieldError } from '../webchat-settings';

/** What `webchat_mail_settings.settings` holds for a web chat channel (SPEC C2, C7, C8). */
export interface WebchatMailSettingsData {
  offlineForm: OfflineFormConfig;
  /** Who is told by e-mail about a message left through the offline form. */
  notifyEmails: string[];
  /** SPEC C7: sender of operators' answers e-mailed to visitors who left; empty turns it off. */
  replyFrom: string;
  marketingConsent: MarketingConsentConfig;
}

export const DEFAULT_OFFLINE_TITLE = DEFAULT_OFFLINE_FORM_TITLE;
export const DEFAULT_OFFLINE_INTRO = DEFAULT_OFFLINE_FORM_INTRO;
export const DEFAULT_CONSENT_TEXT = DEFAULT_MARKETING_CONSENT_TEXT;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const KEYS: readonly string[] = OFFLINE_FORM_FIELDS;

export function defaultMailSettings(): WebchatMailSettingsData {
  return {
    offlineForm: {
      enabled: true,
      fields: [
        { key: 'name', required: false },
        { key: 'email', required: true },
        { key: 'message', required: true },
      ],
      title: DEFAULT_OFFLINE_TITLE,
      intro: DEFAULT_OFFLINE_INTRO,
      colors: { header: '#3b5bdb', button: '#3b5bdb' },
    },
    notifyEmails: [],
    replyFrom: '',
    marketingConsent: { enabled: false, text: DEFAULT_CONSENT_TEXT },
  };
}

/** Any stored jsonb read with safe defaults for anything missing or malformed. */
export function readMailSettings(stored: unknown): WebchatMailSettingsData {
  const d = defaultMailSettings();
  const s = isObj(stored) ? stored : {};
  const f = isObj(s['offlineForm']) ? s['offlineForm'] : {};
  const c = isObj(f['colors']) ? f['colors'] : {};
  const fields: OfflineFormField[] = [];
  if (Array.isArray(f['fields'])) {
    for (const x of f['fields']) {
      if (isObj(x) && typeof x['key'] === 'string' && KEYS.includes(x['key']) && !fields.some((y) => y.key === x['key'])) fields.push({ key: x['key'] as OfflineFormFieldKey, required: x['required'] === true });
    }
  }
  const color = (v: unknown, fb: string) => (typeof v === 'string' && WEBCHAT_COLOR_PATTERN.test(v) ? v.toLowerCase() : fb);
  const text = (v: unknown, fb: string, max: number) => (typeof v === 'string' ? v.slice(0, max) : fb);
  const mc = isObj(s['marketingConsent']) ? s['marketingConsent'] : {};
  return {
    offlineForm: {
      enabled: typeof f['enabled'] === 'boolean' ? f['enabled'] : d.offlineForm.enabled,
      fields: fields.length ? fields : d.offlineForm.fields,
      title: text(f['title'], d.offlineForm.title, OFFLINE_FORM_TEXT_LIMITS.title) || d.offlineForm.title,
      intro: text(f['intro'], d.offlineForm.intro, OFFLINE_FORM_TEXT_LIMITS.intro),
      colors: { header: color(c['header'], d.offlineForm.colors.header), button: color(c['button'], d.offlineForm.colors.button) },
    },
    notifyEmails: Array.isArray(s['notifyEmails']) ? s['notifyEmails'].filter((e): e is string => typeof e === 'string' && EMAIL_ADDRESS_PATTERN.test(e)).slice(0, OFFLINE_FORM_TEXT_LIMITS.notifyEmails) : [],
    replyFrom: typeof s['replyFrom'] === 'string' && EMAIL_ADDRESS_PATTERN.test(s['replyFrom']) ? s['replyFrom'] : '',
    marketingConsent: { enabled: mc['enabled'] === true, text: text(mc['text'], d.marketingConsent.text, OFFLINE_FORM_TEXT_LIMITS.consentText) || d.marketingConsent.text },
  };
}

/** Field-by-field problems of what an admin sent (empty when valid). */
export function validateMailSettings(p: WebchatMailSettingsData): FieldError[] {
  const errors: FieldError[] = [];
  const f = p.offlineForm;
  if (typeof f?.enabled !== 'boolean') errors.push({ field: 'offlineForm.enabled', message: 'Must be true or false' });
  const fields = Array.isArray(f?.fields) ? f.fields : [];
  if (!fields.length) errors.push({ field: 'offlineForm.fields', message: 'Choose at least one field' });
  const seen = new Set<string>();
  fields.forEach((x, i) => {
    if (!KEYS.includes(x.key)) errors.push({ field: `offlineForm.fields.${i}.key`, message: `One of: ${OFFLINE_FORM_FIELDS.join(', ')}` });
    else if (seen.has(x.key)) errors.push({ field: `offlineForm.fields.${i}.key`, message: `"${x.key}" is listed twice` });
    seen.add(x.key);
    if (typeof x.required !== 'boolean') errors.push({ field: `offlineForm.fields.${i}.required`, message: 'Must be true or false' });
  });
  if (fields.length && !fields.some((x) => x.required)) errors.push({ field: 'offlineForm.fields', message: 'Make at least one field required' });
  if (typeof f?.title !== 'string' || !f.title.trim()) errors.push({ field: 'offlineForm.title', message: 'Required' });
  else if (f.title.length > OFFLINE_FORM_TEXT_LIMITS.title) errors.push({ field: 'offlineForm.title', message: `At most ${OFFLINE_FORM_TEXT_LIMITS.title} characters` });
  if (typeof f?.intro !== 'string') errors.push({ field: 'offlineForm.intro', message: 'Must be text' });
  else if (f.intro.length > OFFLINE_FORM_TEXT_LIMITS.intro) errors.push({ field: 'offlineForm.intro', message: `At most ${OFFLINE_FORM_TEXT_LIMITS.intro} characters` });
  for (const k of ['header', 'button'] as const) {
    if (typeof f?.colors?.[k] !== 'string' || !WEBCHAT_COLOR_PATTERN.test(f.colors[k])) errors.push({ field: `offlineForm.colors.${k}`, message: 'Use a colour like #1a2b3c or #abc' });
  }
  const emails = Array.isArray(p.notifyEmails) ? p.notifyEmails : [];
  if (emails.length > OFFLINE_FORM_TEXT_LIMITS.notifyEmails) errors.push({ field: 'notifyEmails', message: `At most ${OFFLINE_FORM_TEXT_LIMITS.notifyEmails} addresses` });
  emails.forEach((e, i) => {
    if (typeof e !== 'string' || e.length > 254 || !EMAIL_ADDRESS_PATTERN.test(e.trim())) errors.push({ field: `notifyEmails.${i}`, message: `"${String(e).slice(0, 60)}" is not an e-mail address` });
  });
  if (typeof p.replyFrom !== 'string') errors.push({ field: 'replyFrom', message: 'Must be text' });
  else if (p.replyFrom.trim() && (p.replyFrom.length > 254 || !EMAIL_ADDRESS_PATTERN.test(p.replyFrom.trim()))) errors.push({ field: 'replyFrom', message: 'Enter an e-mail address, or leave it empty' });
  if (typeof p.marketingConsent?.enabled !== 'boolean') errors.push({ field: 'marketingConsent.enabled', message: 'Must be true or false' });
  if (typeof p.marketingConsent?.text !== 'string' || !p.marketingConsent.text.trim()) errors.push({ field: 'marketingConsent.text', message: 'Required' });
  else if (p.marketingConsent.text.length > OFFLINE_FORM_TEXT_LIMITS.consentText) errors.push({ field: 'marketingConsent.text', message: `At most ${OFFLINE_FORM_TEXT_LIMITS.consentText} characters` });
  if (p.marketingConsent?.enabled === true && !seen.has('email')) errors.push({ field: 'marketingConsent.enabled', message: 'Add the e-mail field to the form to ask for consent' });
  return errors;
}

export function toStoredMailSettings(p: WebchatMailSettingsData): WebchatMailSettingsData {
  return {
    offlineForm: {
      enabled: p.offlineForm.enabled,
      fields: p.offlineForm.fields.map((x) => ({ key: x.key, required: x.required })),
      title: p.offlineForm.title.trim(),
      intro: p.offlineForm.intro.trim(),
      colors: { header: p.offlineForm.colors.header.toLowerCase(), button: p.offlineForm.colors.button.toLowerCase() },
    },
    notifyEmails: [...new Set(p.notifyEmails.map((e) => e.trim()))],
    replyFrom: p.replyFrom.trim(),
    marketingConsent: { enabled: p.marketingConsent.enabled, text: p.marketingConsent.text.trim() },
  };
}
