import { ChannelSettingsField, SettingsValidation } from '@parley/api/channels/core';

/** A WhatsApp channel's settings as the adapter uses them (secrets opened). */
export interface WhatsappSettings {
  /** The Cloud API's id of the business phone number (not the number itself). */
  phoneNumberId: string;
  businessAccountId: string | null;
  /** A system user's permanent token with whatsapp_business_messaging. */
  accessToken: string;
  /** The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256). */
  appSecret: string;
  /** What the admin typed as "Verify token" in Meta's webhook setup (the GET handshake). */
  verifyToken: string;
  /**
   * An approved message template whose body has one variable ({{1}}): outside the 24-hour window a
   * reply goes inside it (the operator's text as the variable), which WhatsApp allows; null: such
   * a reply fails with the reason.
   */
  templateName: string | null;
  /** The language the template was approved in (en_US); set with `templateName`. */
  templateLanguage: string | null;
}

export const WHATSAPP_SETTINGS_FIELDS: ChannelSettingsField[] = [
  { key: 'phoneNumberId', label: 'Phone number ID', type: 'text', required: true, placeholder: '106540352242922', hint: 'WhatsApp Manager → API Setup: the ID of the number, not the number itself.' },
  { key: 'businessAccountId', label: 'WhatsApp Business Account ID', type: 'text', hint: "Needed for message templates: Parley syncs the account's approved templates on saving (and with Sync templates), for replies once the 24-hour window closed. Meta Business Suite → Settings → WhatsApp accounts → the account's ID (not the phone number ID)." },
  { key: 'accessToken', label: 'Access token', type: 'secret', required: true, hint: "A system user's permanent token with the whatsapp_business_messaging permission (temporary tokens expire within a day)." },
  { key: 'appSecret', label: 'App secret', type: 'secret', required: true, hint: 'Meta app → App settings → Basic. Every webhook is checked against it; unsigned calls are refused.' },
  { key: 'verifyToken', label: 'Verify token', type: 'secret', required: true, hint: 'Any text of 8 or more characters; type the same in the Meta app\'s webhook setup together with the webhook URL.' },
  { key: 'templateName', label: 'Re-engagement template', type: 'text', placeholder: 'reply_to_your_message', hint: 'Optional: an approved template whose body has exactly one variable {{1}}. More than 24 hours after the client last wrote, replies are sent inside it; without one they fail with the reason.' },
  { key: 'templateLanguage', label: 'Template language', type: 'text', placeholder: 'en_US', hint: 'The language code the template was approved in (en_US, pl, de …); needed with a template.' },
];

const DIGITS = /^[0-9]{5,25}$/;
/** No whitespace or control characters: a pasted token with a trailing newline is a common mistake. */
const TOKEN = /^[\x21-\x7e]+$/;

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

type Errors = Array<{ field: string; message: string }>;

function text(raw: Record<string, unknown>, field: string, errors: Errors): string | null {
  const v = raw[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') {
    errors.push({ field, message: 'Must be text' });
    return null;
  }
  return v.trim() || null;
}

/** Reads and checks the settings an admin saved (secrets already opened). */
export function validateWhatsappSettings(raw: unknown): SettingsValidation<WhatsappSettings> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] };
  const r = raw as Record<string, unknown>;
  const errors: Errors = [];
  const phoneNumberId = text(r, 'phoneNumberId', errors);
  if (!phoneNumberId) {
    if (!errors.some((e) => e.field === 'phoneNumberId')) errors.push({ field: 'phoneNumberId', message: 'Required' });
  } else if (!DIGITS.test(phoneNumberId)) {
    errors.push({ field: 'phoneNumberId', message: 'The phone number ID is a number of 5 to 25 digits (WhatsApp Manager → API Setup), not the phone number' });
  }
  const businessAccountId = text(r, 'businessAccountId', errors);
  if (businessAccountId && !DIGITS.test(businessAccountId)) errors.push({ field: 'businessAccountId', message: 'The business account ID is a number of 5 to 25 digits' });
  const secret = (field: keyof WhatsappSettings, min: number, what: string): string => {
    const v = text(r, field, errors);
    if (!v) {
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: 'Required' });
      return '';
    }
    if (v.length < min || v.length > 2000 || !TOKEN.test(v)) errors.push({ field, message: `${what} must be ${min} to 2000 characters without spaces` });
    return v;
  };
  const accessToken = secret('accessToken', 20, 'The access token');
  const appSecret = secret('appSecret', 16, 'The app secret');
  const verifyToken = secret('verifyToken', 8, 'The verify token');
  const templateName = text(r, 'templateName', errors);
  const templateLanguage = text(r, 'templateLanguage', errors);
  if (templateName && !TEMPLATE_NAME.test(templateName)) errors.push({ field: 'templateName', message: 'A template name is lower-case letters, digits and underscores (as in WhatsApp Manager)' });
  if (templateLanguage && !LANGUAGE.test(templateLanguage)) errors.push({ field: 'templateLanguage', message: 'A language code such as en_US, pl or pt_BR' });
  if (templateName && !templateLanguage && !errors.some((e) => e.field === 'templateLanguage')) errors.push({ field: 'templateLanguage', message: 'Required with a template' });
  if (templateLanguage && !templateName && !errors.some((e) => e.field === 'templateName')) errors.push({ field: 'templateName', message: 'A language without a template: name the template or clear the language' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, settings: { phoneNumberId: phoneNumberId as string, businessAccountId, accessToken, appSecret, verifyToken, templateName, templateLanguage } };
}
