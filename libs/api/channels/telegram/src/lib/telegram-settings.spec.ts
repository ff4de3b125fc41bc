import { validateTelegramSettings } from './telegram-settings';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('validateTelegramSettings', () => {
  it('accepts a BotFather token, defaults to webhook mode and makes a webhook secret Telegram accepts', () => {
    const r = validateTelegramSettings({ botToken: `  ${TOKEN} ` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings).toEqual({ botToken: TOKEN, mode: 'webhook', webhookSecret: expect.stringMatching(/^[A-Za-z0-9_-]{40,256}$/) });
    // a new one each time it is missing; a given one is kept
    const again = validateTelegramSettings({ botToken: TOKEN });
    expect(again.ok && again.settings.webhookSecret).not.toBe(r.settings.webhookSecret);
    expect(validateTelegramSettings({ botToken: TOKEN, mode: 'polling', webhookSecret: 'my_own-secret-0123456789' })).toEqual({ ok: true, settings: { botToken: TOKEN, mode: 'polling', webhookSecret: 'my_own-secret-0123456789' } });
  });

  it('drops keys it does not know', () => {
    const r = validateTelegramSettings({ botToken: TOKEN, mode: 'webhook', webhookSecret: 'a'.repeat(20), evil: '<script>' });
    expect(r.ok && Object.keys(r.settings).sort()).toEqual(['botToken', 'mode', 'webhookSecret']);
  });

  it.each([
    [{}, 'botToken', /required/],
    [{ botToken: '' }, 'botToken', /required/],
    [{ botToken: 42 }, 'botToken', /required/],
    [{ botToken: 'not-a-token' }, 'botToken', /not a bot token/],
    [{ botToken: '123456789:short' }, 'botToken', /not a bot token/],
    [{ botToken: 'abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' }, 'botToken', /not a bot token/],
    [{ botToken: `${TOKEN} extra` }, 'botToken', /not a bot token/],
    [{ botToken: TOKEN, mode: 'push' }, 'mode', /webhook.*polling/],
    [{ botToken: TOKEN, webhookSecret: 'short' }, 'webhookSecret', /16 to 256/],
    [{ botToken: TOKEN, webhookSecret: 'has spaces in it, not allowed' }, 'webhookSecret', /16 to 256/],
    [{ botToken: TOKEN, webhookSecret: 12345 }, 'webhookSecret', /must be text/],
  ])('refuses %j with a field error on %s', (raw, field, message) => {
    const r = validateTelegramSettings(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('refuses what is not an object, and names every bad field at once', () => {
    expect(validateTelegramSettings(null)).toEqual({ ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] });
    expect(validateTelegramSettings([TOKEN])).toMatchObject({ ok: false });
    const r = validateTelegramSettings({ botToken: 'x', mode: 'y' });
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['botToken', 'mode']);
  });
});
