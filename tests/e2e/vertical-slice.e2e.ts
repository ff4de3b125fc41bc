import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { useParley } from './harness';

/**
 * The first vertical slice in a real browser, with two contexts: a visitor on /demo opens the
 * widget and writes; an agent logged into the operator app sees the conversation arrive live,
 * opens it and replies; the visitor sees the reply live.
 */
describe('vertical slice (Chromium)', () => {
  const parley = useParley();


  it('visitor writes, the agent sees it live and replies, the visitor sees the reply live', async () => {
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.submitLogin(agent, 'anna@demo.test');
    await agent.waitForURL(/\/inbox/);
    await agent.getByTestId('current-operator').waitFor();

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Do you ship to Kraków? <b>asap</b> ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
    const mine = visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text });
    await mine.waitFor();

    // the agent never reloads: the conversation arrives over the subscription
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Do you ship to Kraków?' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const incoming = agent.getByTestId('message').filter({ hasText: text });
    await incoming.waitFor();
    // untrusted text is shown as text, not markup
    expect(await incoming.locator('b').count()).toBe(0);
    expect(await incoming.innerText()).toContain('<b>asap</b>');

    await agent.getByTestId('composer').fill('Yes! Delivery to Kraków takes 1–2 days.');
    await agent.getByTestId('composer').press('Enter');
    await agent.getByTestId('message').filter({ hasText: 'Delivery to Kraków takes 1–2 days.' }).waitFor();

    const reply = visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: 'Delivery to Kraków takes 1–2 days.' });
    await reply.waitFor({ timeout: 15_000 });
    expect(await mine.locator('b').count()).toBe(0);

    await agentCtx.close();
    await visitorCtx.close();
  });

  it('refuses a wrong password with a visible message, and keeps the session across a reload', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await parley.submitLogin(page, 'anna@demo.test', 'wrong-password');
    await page.getByText(/wrong e-mail or password/i).waitFor();
    expect(page.url()).toContain('/login');

    await page.getByTestId('login-password').fill('parley-demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/inbox/);
    await page.reload();
    await page.getByTestId('current-operator').waitFor();
    expect(page.url()).toContain('/inbox');

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    // the refresh cookie is gone: a reload stays logged out
    await page.reload();
    await page.getByTestId('login-email').waitFor();
    expect(page.url()).toContain('/login');
    await ctx.close();
  });

  it('refuses to start on bad configuration with one clear message and exit code 78', async () => {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/apps/api/main.js')], {
      env: { PATH: process.env['PATH'] ?? '', PORT: 'not-a-port', DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toMatch(/PORT: /);
    expect(r.stderr).toMatch(/DATABASE_URL: must start with postgres/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('serves the widget script and the demo shop from the same server', async () => {
    const js = await fetch(`${parley.server.url}/widget.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const demo = await fetch(`${parley.server.url}/demo`);
    const html = await demo.text();
    expect(html).toContain('<script async src="/widget.js" data-channel="demo-webchat"></script>');
  });
});
