import { validateWhatsappSettings, WHATSAPP_SETTINGS_FIELDS } from './whatsapp-settings';

const good = { phoneNumberId: '106540352242922', businessAccountId: '102290129340398', accessToken: 'EAAG' + 'x'.repeat(60), appSecret: '0123456789abcdef0123456789abcdef', verifyToken: 'verify-me-123', templateName: null, templateLanguage: null };

describe('validateWhatsappSettings', () => {
  it('accepts complete settings (trimmed; the business account id optional)', () => {
    expect(validateWhatsappSettings({ ...good, phoneNumberId: ` ${good.phoneNumberId} ` })).toEqual({ ok: true, settings: good });
    expect(validateWhatsappSettings({ ...good, businessAccountId: '' })).toEqual({ ok: true, settings: { ...good, businessAccountId: null } });
    const { businessAccountId: _, ...without } = good;
    expect(validateWhatsappSettings(without)).toMatchObject({ ok: true, settings: { businessAccountId: null } });
  });

  it('names every missing or wrong field', () => {
    const r = validateWhatsappSettings({});
    expect(r).toEqual({ ok: false, errors: ['phoneNumberId', 'accessToken', 'appSecret', 'verifyToken'].map((field) => ({ field, message: 'Required' })) });
    const bad = validateWhatsappSettings({ phoneNumberId: '+48 601 234 567', businessAccountId: 'acme', accessToken: 'short', appSecret: 'has spaces in it, no', verifyToken: 42 });
    expect(bad.ok).toBe(false);
    const errors = (bad as { errors: Array<{ field: string; message: string }> }).errors;
    expect(errors.map((e) => e.field)).toEqual(['phoneNumberId', 'businessAccountId', 'accessToken', 'appSecret', 'verifyToken']);
    expect(errors[0].message).toMatch(/not the phone number/);
    expect(errors[4].message).toBe('Must be text');
    expect(validateWhatsappSettings({ ...good, accessToken: `${good.accessToken}\nEAAG` })).toMatchObject({ ok: false, errors: [{ field: 'accessToken' }] });
    expect(validateWhatsappSettings({ ...good, verifyToken: 'short' })).toMatchObject({ ok: false, errors: [{ field: 'verifyToken' }] });
    for (const junk of [null, 'x', [], 5]) expect(validateWhatsappSettings(junk)).toEqual({ ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] });
  });

  it('takes a re-engagement template with its language, both or neither; the validated settings validate again unchanged', () => {
    const withTemplate = { ...good, templateName: 'reply_to_your_message', templateLanguage: 'pl' };
    const r = validateWhatsappSettings(withTemplate);
    expect(r).toEqual({ ok: true, settings: withTemplate });
    expect(validateWhatsappSettings((r as { settings: unknown }).settings)).toEqual(r);
    expect(validateWhatsappSettings({ ...good, templateName: 'reply_to_your_message', templateLanguage: 'en_US' })).toMatchObject({ ok: true });
    expect(validateWhatsappSettings({ ...good, templateName: 'reply_to_your_message' })).toEqual({ ok: false, errors: [{ field: 'templateLanguage', message: 'Required with a template' }] });
    expect(validateWhatsappSettings({ ...good, templateLanguage: 'pl' })).toMatchObject({ ok: false, errors: [{ field: 'templateName' }] });
    expect(validateWhatsappSettings({ ...good, templateName: 'Reply To You!', templateLanguage: 'english' })).toMatchObject({ ok: false, errors: [{ field: 'templateName' }, { field: 'templateLanguage' }] });
  });

  it('declares the secrets as secret fields (sealed at rest, never shown)', () => {
    expect(WHATSAPP_SETTINGS_FIELDS.filter((f) => f.type === 'secret').map((f) => f.key)).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect(WHATSAPP_SETTINGS_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual(['phoneNumberId', 'accessToken', 'appSecret', 'verifyToken']);
  });
});
