import { Locator } from 'playwright-core';
import { useParley } from './harness';
import { until } from './helpers';

const background = (l: Locator) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
const text = (l: Locator) => l.innerText().then((t) => t.trim());

/**
 * SPEC C1/C9/C10/A1 in a real browser: an admin changes the header colour and welcome text, the
 * preview follows as they type, Save reaches a visitor's open widget without a reload, and the
 * direct chat link opens a working full-page chat.
 */
describe('channel settings (Chromium)', () => {
  const parley = useParley();


  it('admin edits colour and welcome text: preview updates, Save reaches an open widget live', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await until(() => text(visitor.getByTestId('parley-welcome')), 'Hi! Questions about sizes, delivery or your order? We are here.');

    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('channel-demo-webchat').click();
    await admin.getByTestId('channel-form').waitFor();
    expect(await admin.getByTestId('embed-code').innerText()).toBe(`<script async src="${parley.server.url}/widget.js" data-channel="demo-webchat"></script>`);
    expect(await admin.getByTestId('direct-link').innerText()).toBe(`${parley.server.url}/chat/demo-webchat`);

    // a second admin session on the same screen follows the save live
    const otherCtx = await parley.browser.newContext();
    const other = await otherCtx.newPage();
    await parley.signIn(other, 'admin@demo.test');
    await other.goto(`${parley.server.url}/admin/channels/${admin.url().split('/').pop()}`);
    await other.getByTestId('channel-form').waitFor();
    expect(await other.getByTestId('field-color-header').inputValue()).toBe('#3b5bdb');

    const preview = admin.frameLocator('[data-testid=preview-frame]');
    await until(() => text(preview.getByTestId('parley-title')), 'Demo Shop');

    // a bad colour: visible error, Save refused, the preview keeps a safe colour
    await admin.getByTestId('field-color-header').fill('red;background:url(x)');
    await admin.getByTestId('field-color-header').blur();
    await admin.getByTestId('error-color-header').filter({ hasText: 'Use a colour' }).waitFor();
    await admin.getByTestId('save').click();
    await admin.getByTestId('save-error').filter({ hasText: 'Check the highlighted fields' }).waitFor();

    await admin.getByTestId('field-color-header').fill('#aa0000');
    await admin.getByTestId('field-welcome').first().fill('Welcome to the e2e shop!');
    await until(() => text(preview.getByTestId('parley-welcome')), 'Welcome to the e2e shop!');
    await until(() => background(preview.locator('.header')), 'rgb(170, 0, 0)');
    // the visitor's widget has not changed yet
    expect(await text(visitor.getByTestId('parley-welcome'))).not.toBe('Welcome to the e2e shop!');

    await admin.getByTestId('save').click();
    await admin.getByTestId('saved').waitFor();

    await until(() => text(visitor.getByTestId('parley-welcome')), 'Welcome to the e2e shop!');
    await until(() => background(visitor.locator('.header')), 'rgb(170, 0, 0)');
    await until(() => other.getByTestId('field-color-header').inputValue(), '#aa0000');
    await otherCtx.close();

    // stored: a reload of the admin screen shows the saved values
    await admin.reload();
    await admin.getByTestId('channel-form').waitFor();
    expect(await admin.getByTestId('field-color-header').inputValue()).toBe('#aa0000');

    await adminCtx.close();
    await visitorCtx.close();
  });

  it('the direct chat link opens a working full-page chat; an unknown key is a friendly 404', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    const res = await page.goto(`${parley.server.url}/chat/demo-webchat`);
    expect(res?.status()).toBe(200);
    await page.getByTestId('parley-panel').waitFor();
    expect(await page.title()).toBe('Demo Shop');
    expect(await page.getByTestId('parley-launcher').isVisible()).toBe(false);
    const box = await page.getByTestId('parley-panel').boundingBox();
    const viewport = page.viewportSize();
    expect(box?.width).toBe(viewport?.width);

    await page.getByTestId('parley-input').fill('Hello from the direct link');
    await page.getByTestId('parley-input').press('Enter');
    const mine = page.locator('[data-testid=parley-message][data-author=visitor]', { hasText: 'Hello from the direct link' });
    await mine.waitFor();
    await until(() => mine.getAttribute('data-status'), null);

    const missing = await page.goto(`${parley.server.url}/chat/no-such-chat`);
    expect(missing?.status()).toBe(404);
    await page.getByText('This chat does not exist').waitFor();
    await ctx.close();
  });

  it("a Hebrew admin's preview and a Hebrew visitor's direct chat page load the Hebrew file and mirror the layout", async () => {
    const adminCtx = await parley.browser.newContext({ locale: 'he-IL' });
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('channel-demo-webchat').click();
    const preview = admin.frameLocator('[data-testid=preview-frame]');
    await until(() => preview.getByTestId('parley-send').getAttribute('aria-label'), 'שליחת הודעה');
    expect(await preview.locator('.root').getAttribute('dir')).toBe('rtl');
    await adminCtx.close();

    // the direct link's page has a strict CSP (connect-src 'self'): the same-origin file still loads
    const ctx = await parley.browser.newContext({ locale: 'he-IL' });
    const page = await ctx.newPage();
    await page.goto(`${parley.server.url}/chat/demo-webchat`);
    await until(() => page.getByTestId('parley-send').getAttribute('aria-label'), 'שליחת הודעה');
    expect(await page.locator('parley-widget').evaluate((el) => el.shadowRoot?.querySelector('.root')?.getAttribute('dir'))).toBe('rtl');
    await ctx.close();
  });

  it('agents see no Admin entry and are sent back from /admin', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await parley.signIn(page, 'anna@demo.test');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${parley.server.url}/admin/channels`);
    await page.waitForURL(/\/inbox/);
    await ctx.close();
  });
});
