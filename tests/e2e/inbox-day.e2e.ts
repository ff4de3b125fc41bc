import { useParley } from './harness';
import { graphql } from './helpers';

const login = async (url: string, email: string): Promise<string> =>
  (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: 'parley-demo' } })).login.accessToken;
const setStatus = (url: string, token: string, status: string) => graphql(url, `mutation($i: SetMyStatusInput!) { setMyStatus(input: $i) { status } }`, { i: { status } }, token);

/**
 * Issue #17 walked in Chromium: what a day in the inbox shows to agents and observers — the
 * offline-form request in an agent's Pending and All, a duplicate quick-reply shortcut named as
 * such, the chosen view kept across a reload, and no row checkboxes for observers.
 */
describe('a day in the inbox (Chromium, issue #17)', () => {
  const parley = useParley();

  it('an agent finds the offline-form request in Pending and All', async () => {
    const url = parley.server.url;
    for (const email of ['admin@demo.test', 'anna@demo.test', 'boris@demo.test', 'olga@demo.test']) await setStatus(url, await login(url, email), 'offline');

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-offline-form').waitFor({ timeout: 15_000 });
    const text = `Call me back about the sofa ${Date.now()}`;
    await visitor.getByTestId('parley-off-email').fill('sofa@example.com');
    await visitor.getByTestId('parley-off-message').fill(text);
    await visitor.getByTestId('parley-off-submit').click();
    await visitor.getByTestId('parley-offline-thanks').waitFor({ timeout: 15_000 });

    const ctx = await parley.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const anna = await ctx.newPage();
    await parley.signIn(anna, 'anna@demo.test');
    await anna.getByTestId('view-pending').click();
    await anna.getByTestId('conversation-row').filter({ hasText: text }).waitFor();
    await anna.getByTestId('view-all').click();
    await anna.getByTestId('conversation-row').filter({ hasText: text }).waitFor();
    await ctx.close();
    await visitorCtx.close();
  });

  it('a duplicate quick-reply shortcut says the shortcut exists, not that someone changed the conversation', async () => {
    const ctx = await parley.browser.newContext();
    const anna = await ctx.newPage();
    await parley.signIn(anna, 'anna@demo.test');
    await anna.getByTestId('nav-quick-replies').click();
    await anna.waitForURL(/\/settings\/quick-replies/);
    for (const body of ['Thanks!', 'Thank you again']) {
      await anna.getByTestId('qr-shortcut').fill('thx');
      await anna.getByTestId('qr-body').fill(body);
      await anna.getByTestId('qr-save').click();
      if (body === 'Thanks!') await anna.getByTestId('qr-item').filter({ hasText: '/thx' }).waitFor();
    }
    await anna.getByTestId('qr-error').filter({ hasText: 'A quick reply with the shortcut /thx exists already' }).waitFor();
    expect(await anna.getByTestId('qr-error').textContent()).not.toContain('Someone else changed');
    await ctx.close();
  });

  it('remembers the chosen view across a reload; observers get no row checkboxes', async () => {
    const ctx = await parley.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const admin = await ctx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('view-pending').click();
    await admin.locator('[data-testid=view-pending].mat-button-toggle-checked').waitFor();
    await admin.reload();
    await admin.getByTestId('current-operator').waitFor();
    await admin.locator('[data-testid=view-pending].mat-button-toggle-checked').waitFor();
    await admin.getByTestId('view-all').click();
    await admin.getByTestId('conversation-row').first().waitFor();
    expect(await admin.locator('[data-testid=conversation-row] mat-checkbox').count()).toBeGreaterThan(0);
    await ctx.close();

    const olgaCtx = await parley.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const olga = await olgaCtx.newPage();
    await parley.signIn(olga, 'olga@demo.test');
    await olga.getByTestId('view-all').click();
    await olga.getByTestId('conversation-row').first().waitFor();
    expect(await olga.locator('[data-testid=conversation-row] mat-checkbox').count()).toBe(0);
    await olga.getByTestId('conversation-row').first().focus();
    await olga.keyboard.press('x');
    expect(await olga.getByTestId('bulk-bar').count()).toBe(0);
    await olgaCtx.close();
  });
});
