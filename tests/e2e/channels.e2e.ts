import { FakeTelegram } from '../../libs/api/channels/telegram/src/testing/fake-telegram';
import { useParley } from './harness';
import { until } from './helpers';

const TOKEN = '123456789:AAHfakeTokenForTheBrowserTest_0123456';
const SECRET = 'e2e-webhook-secret-0123456789';

/**
 * Issue #10 in a real browser: an admin connects a Telegram bot through the generic channel form
 * (bad token refused at its field, webhook registered with the provider), a Telegram user's
 * message arrives in the agent's inbox, the agent's reply goes out and shows "Sent" as the
 * provider reported it, and a reply the provider refuses shows "Not delivered" with the reason
 * and a Retry that sends it.
 */
describe('channels (Chromium)', () => {
  const telegram = new FakeTelegram();
  beforeAll(async () => {
    await telegram.start();
    telegram.addBot(TOKEN, { username: 'parley_e2e_bot' });
  });
  afterAll(async () => telegram.stop());
  const parley = useParley(() => ({ TELEGRAM_API_BASE: telegram.url }));

  it('admin connects Telegram; a Telegram message reaches the inbox; replies show what the provider reported, a refused one with Retry', async () => {
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin/channels`);
    await admin.getByTestId('add-channel').click();
    await admin.getByTestId('add-telegram').click();
    await admin.waitForURL(/\/admin\/channels\/new\/telegram$/);
    await admin.getByRole('heading', { name: 'New Telegram channel' }).waitFor();

    // bad input first: no name, a token that is not one
    await admin.getByTestId('save-channel').click();
    await admin.getByText('Give the channel a name').waitFor();
    await admin.getByTestId('field-name').fill('Shop bot');
    await admin.getByTestId('field-botToken').fill('not-a-token');
    await admin.getByTestId('field-webhookSecret').fill(SECRET);
    await admin.getByTestId('save-channel').click();
    await admin.getByTestId('error-botToken').filter({ hasText: 'This is not a bot token' }).waitFor();

    await admin.getByTestId('field-botToken').fill(TOKEN);
    await admin.getByTestId('save-channel').click();
    await admin.waitForURL(/\/admin\/channels\/[0-9a-f-]{36}\/connection$/);
    const channelId = admin.url().split('/').at(-2) as string;
    const webhookUrl = (await admin.getByTestId('webhook-url').innerText()).trim();
    // PUBLIC_URL is not set here: the URL is this server's own address
    expect(webhookUrl).toMatch(new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${new URL(parley.server.url).port}/api/channels/${channelId}/webhook$`));
    // Parley registered the webhook with Telegram itself, with a secret token (bound to the bot); the bot token is write-only
    const registered = telegram.webhooks.get(TOKEN);
    expect(registered?.url).toBe(webhookUrl);
    const secretToken = registered?.secret as string;
    expect(secretToken).toMatch(/^[A-Za-z0-9_-]{16,256}$/);
    expect(await admin.getByTestId('field-botToken').inputValue()).toBe('');
    expect(await admin.getByTestId('field-botToken').getAttribute('placeholder')).toBe('Set — leave empty to keep it');
    await admin.getByTestId('check-connection').click();
    await admin.getByTestId('connection-check').filter({ hasText: 'Connected.' }).waitFor();
    // the channel list shows it, linked to this form
    await admin.goto(`${parley.server.url}/admin/channels`);
    await admin.getByRole('link', { name: /Shop bot/ }).waitFor();

    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');

    // Telegram calls the webhook: a forged call is refused, the real one arrives live
    const update = {
      update_id: 9001,
      message: { message_id: 41, date: Math.floor(Date.now() / 1000), chat: { id: 777001, type: 'private', first_name: 'Taras' }, from: { id: 777001, is_bot: false, first_name: 'Taras', username: 'taras_k' }, text: 'Hi! Is the green jacket in stock?' },
    };
    const post = (secret: string) => fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });
    expect((await post('forged-secret-forged-secret')).status).toBe(401);
    // the admin's secret itself is not what Telegram sends: only the bound token opens the webhook
    expect((await post(SECRET)).status).toBe(401);
    expect((await post(secretToken)).status).toBe(200);
    expect((await post(secretToken)).status).toBe(200);
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Is the green jacket in stock?' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.count()).toBe(1);
    await row.click();
    await agent.getByTestId('message').filter({ hasText: 'Is the green jacket in stock?' }).waitFor();
    // the redelivered update is one message
    expect(await agent.getByTestId('message').filter({ hasText: 'Is the green jacket in stock?' }).count()).toBe(1);

    await agent.getByTestId('composer').fill('Yes, sizes M and L are in stock.');
    await agent.getByTestId('composer').press('Enter');
    const reply = agent.getByTestId('message').filter({ hasText: 'sizes M and L are in stock' });
    await reply.waitFor();
    await reply.locator('[data-testid=read-mark][data-delivery=sent]').filter({ hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    await until(async () => telegram.callsOf('sendMessage').map((c) => [String(c.params['chat_id']), c.params['text']]).filter(([, t]) => String(t).includes('sizes M and L')), [['777001', 'Yes, sizes M and L are in stock.']]);

    // the client blocked the bot: the next reply fails visibly with the reason, then Retry sends it
    telegram.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    await agent.getByTestId('composer').fill('Shall I reserve one for you?');
    await agent.getByTestId('composer').press('Enter');
    const refused = agent.getByTestId('message').filter({ hasText: 'Shall I reserve one for you?' });
    const failure = refused.getByTestId('delivery-failed');
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.innerText()).toMatch(/Not delivered: .*blocked/i);
    expect(await refused.locator('[data-testid=read-mark]').count()).toBe(0);
    await failure.getByRole('button', { name: 'Retry' }).click();
    await refused.locator('[data-testid=read-mark][data-delivery=sent]').waitFor({ timeout: 15_000 });
    expect(await refused.getByTestId('delivery-failed').count()).toBe(0);
    expect(telegram.callsOf('sendMessage').filter((c) => String(c.params['text']).includes('reserve one')).length).toBe(2);

    await agentCtx.close();
    await adminCtx.close();
  });
});
