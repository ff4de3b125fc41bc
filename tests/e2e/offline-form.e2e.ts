import { MailCatcher } from '../../apps/api/src/testing/mail-catcher';
import { useParley } from './harness';
import { graphql } from './helpers';

const login = async (url: string, email: string): Promise<string> =>
  (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: 'parley-demo' } })).login.accessToken;
const setStatus = (url: string, token: string, status: string) => graphql(url, `mutation($i: SetMyStatusInput!) { setMyStatus(input: $i) { status } }`, { i: { status } }, token);

/**
 * SPEC B6 + C2 in a real browser: with every operator offline the widget shows the offline form
 * instead of the composer; bad input shows field errors; the message lands in the inbox as
 * Pending and the configured address gets a notification e-mail. When an operator comes online,
 * an open widget switches back to the chat.
 */
describe('offline form when no operator can take a chat (Chromium)', () => {
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
  });
  afterAll(async () => smtp?.stop());
  const parley = useParley(() => ({ SMTP_URL: smtp.url }));

  it('shows the form, validates it, files a Pending conversation with a notification e-mail, and gives way to the chat when someone comes online', async () => {
    const url = parley.server.url;
    const admin = await login(url, 'admin@demo.test');
    const { channels } = await graphql(
      url,
      `query { channels { id publicKey webchatMail { offlineForm { enabled fields { key required } title intro colors { header button } } replyFrom marketingConsent { enabled text } } } }`,
      {},
      admin,
    );
    const channel = channels.find((c: { publicKey: string }) => c.publicKey === 'demo-webchat');
    const { offlineForm, replyFrom, marketingConsent } = channel.webchatMail;
    await graphql(
      url,
      `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id } }`,
      { i: { channelId: channel.id, offlineForm: { ...offlineForm, fields: [{ key: 'name', required: false }, { key: 'email', required: true }, { key: 'message', required: true }] }, notifyEmails: ['shop-owner@demo.test'], replyFrom, marketingConsent } },
      admin,
    );
    const tokens: Record<string, string> = { admin };
    for (const email of ['anna@demo.test', 'boris@demo.test', 'olga@demo.test']) tokens[email] = await login(url, email);
    for (const token of Object.values(tokens)) await setStatus(url, token, 'offline');

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-offline-form').waitFor({ timeout: 15_000 });
    expect(await visitor.getByTestId('parley-input').isVisible()).toBe(false);

    // bad input first: no e-mail, no message
    await visitor.getByTestId('parley-off-submit').click();
    await visitor.getByTestId('parley-off-email-error').filter({ hasText: /.+/ }).waitFor();
    await visitor.getByTestId('parley-off-email').fill('not-an-address');
    await visitor.getByTestId('parley-off-message').fill('Do you have the red jacket in size M?');
    await visitor.getByTestId('parley-off-submit').click();
    await visitor.getByTestId('parley-off-email-error').filter({ hasText: /e-mail/i }).waitFor();

    const text = `Do you have the red jacket in size M? ${Date.now()}`;
    await visitor.getByTestId('parley-off-name').fill('Maria <b>Offline</b>');
    await visitor.getByTestId('parley-off-email').fill('maria.offline@example.com');
    await visitor.getByTestId('parley-off-message').fill(text);
    await visitor.getByTestId('parley-off-submit').click();
    await visitor.getByTestId('parley-offline-thanks').waitFor({ timeout: 15_000 });

    const mail = await smtp.waitFor((m) => m.to.includes('shop-owner@demo.test'), 20_000);
    expect(mail.text).toContain(text);

    // SPEC C5: a Polish browser gets the form, a field error and the thank-you note in Polish;
    // a Hebrew one gets it right to left (the channel keeps the built-in title: translated too)
    const plCtx = await parley.browser.newContext({ locale: 'pl-PL' });
    const pl = await plCtx.newPage();
    await pl.goto(`${url}/demo`);
    await pl.getByTestId('parley-launcher').click();
    await pl.getByTestId('parley-offline-form').waitFor({ timeout: 15_000 });
    if (offlineForm.title === 'Leave us a message') expect(await pl.getByTestId('parley-offline-title').textContent()).toBe('Zostaw nam wiadomość');
    expect(await pl.locator('label[for=parley-off-email]').textContent()).toBe('E-mail *');
    expect(await pl.locator('label[for=parley-off-message]').textContent()).toBe('Wiadomość *');
    expect(await pl.getByTestId('parley-off-submit').textContent()).toBe('Wyślij wiadomość');
    await pl.getByTestId('parley-off-email').fill('zly-adres');
    await pl.getByTestId('parley-off-submit').click();
    await pl.getByTestId('parley-off-email-error').filter({ hasText: 'Podaj poprawny adres e-mail' }).waitFor();
    expect(await pl.getByTestId('parley-off-message-error').textContent()).toBe('Wymagane');
    await pl.getByTestId('parley-off-email').fill('jan.offline@example.com');
    await pl.getByTestId('parley-off-message').fill(`Czy macie kurtkę w rozmiarze M? ${Date.now()}`);
    await pl.getByTestId('parley-off-submit').click();
    await pl.getByTestId('parley-offline-thanks').filter({ hasText: 'Dziękujemy — wiadomość została wysłana.' }).waitFor({ timeout: 15_000 });
    const heCtx = await parley.browser.newContext({ locale: 'he-IL' });
    const he = await heCtx.newPage();
    await he.goto(`${url}/demo`);
    await he.getByTestId('parley-launcher').click();
    await he.getByTestId('parley-offline-form').waitFor({ timeout: 15_000 });
    expect(await he.getByTestId('parley-off-submit').textContent()).toBe('שליחת הודעה');
    expect(await he.getByTestId('parley-offline-form').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await Promise.all([plCtx.close(), heCtx.close()]);

    // the admin (back online) finds it in Pending, with the text shown as text
    const adminCtx = await parley.browser.newContext();
    const adminPage = await adminCtx.newPage();
    await parley.signIn(adminPage, 'admin@demo.test');
    await adminPage.getByTestId('view-pending').click();
    const row = adminPage.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });

    // an operator comes online: a new visitor gets the chat, not the form
    await setStatus(url, tokens['anna@demo.test'], 'online');
    const laterCtx = await parley.browser.newContext();
    const later = await laterCtx.newPage();
    await later.goto(`${url}/demo`);
    await later.getByTestId('parley-launcher').click();
    await later.getByTestId('parley-input').waitFor({ timeout: 15_000 });
    expect(await later.getByTestId('parley-offline-form').isVisible()).toBe(false);

    await Promise.all([visitorCtx.close(), adminCtx.close(), laterCtx.close()]);
  });
});
