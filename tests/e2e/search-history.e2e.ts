import { useParley } from './harness';

/**
 * Issue 4 in a real browser: an agent finds a word a visitor wrote through the top bar search and
 * lands on that message; an admin deletes the conversation from the history and sees it in the
 * audit log.
 */
describe('search, history and audit (Chromium)', () => {
  const parley = useParley();


  it('agent searches a word a visitor wrote and opens the conversation at that message; admin deletes it from history; the audit log shows it', async () => {
    const word = `zanzibar${Date.now()}`;
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const lines = ['Hello!', `Do you have the <b>${word}</b> lamp in blue?`, ...Array.from({ length: 15 }, (_, i) => `filler line ${i}`)]; // under the widget's burst limit (20)
    for (const line of lines) {
      await visitor.getByTestId('parley-input').fill(line);
      await visitor.getByTestId('parley-input').press('Enter');
      await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: line }).first().waitFor();
    }

    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    // "/" focuses the search box from anywhere but a text field
    await agent.locator('body').press('/');
    const input = agent.getByTestId('search-input');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    // bad input: too long text shows a visible error, Esc clears
    await input.fill('x'.repeat(201));
    await agent.getByTestId('search-error').filter({ hasText: /at most 200/ }).first().waitFor();
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');

    await agent.locator('body').press('/');
    await input.fill(word);
    const hit = agent.getByTestId('search-hit').filter({ hasText: word });
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.getByTestId('search-match').innerText()).toBe(word);
    expect(await hit.locator('b').count()).toBe(0); // visitor markup stays text
    expect(await hit.innerText()).toContain(`<b>${word}</b>`);
    await hit.click();

    await agent.waitForURL(/\/inbox\/[0-9a-f-]{36}\?seq=2$/);
    const conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(agent.url())![1];
    const focused = agent.locator('[data-testid=message][data-focused=true]');
    await focused.waitFor();
    expect(await focused.getAttribute('data-seq')).toBe('2');
    expect(await focused.innerText()).toContain(word);
    // scrolled to it, not to the bottom of the thread
    expect(await focused.isVisible()).toBe(true);
    const inView = await focused.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);

    // the agent takes and closes it, so it belongs to the history
    await agent.getByTestId('take').click();
    await agent.getByTestId('close').click();
    await agent.getByTestId('conversation-status').filter({ hasText: 'Closed' }).waitFor();

    // an agent sees the history but cannot delete
    await agent.getByTestId('nav-history').click();
    await agent.waitForURL(/\/history$/);
    await agent.locator(`[data-testid=history-row][data-id="${conversationId}"]`).waitFor();
    expect(await agent.getByTestId('history-delete').count()).toBe(0);
    expect(await agent.getByTestId('nav-audit').count()).toBe(0);

    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-history').click();
    const row = admin.locator(`[data-testid=history-row][data-id="${conversationId}"]`);
    await row.waitFor();
    await row.getByTestId('history-open').click();
    await admin.getByTestId('transcript-message').filter({ hasText: word }).waitFor();
    expect(await admin.getByTestId('transcript-message').count()).toBe(lines.length);
    await admin.goBack();
    await row.waitFor();
    await row.getByTestId('history-select').locator('input').check();
    await admin.getByTestId('history-delete').click();
    await admin.getByTestId('history-confirm-delete').click();
    await admin.getByTestId('history-notice').filter({ hasText: '1 conversation deleted.' }).waitFor();
    expect(await row.count()).toBe(0);
    // still gone after a reload (the server excludes it), and search no longer finds it
    await admin.reload();
    await admin.getByTestId('history-row').first().waitFor().catch(() => undefined);
    expect(await admin.locator(`[data-testid=history-row][data-id="${conversationId}"]`).count()).toBe(0);

    await admin.goto(`${parley.server.url}/admin/audit`);
    const entry = admin.locator(`[data-testid=audit-row][data-target-id="${conversationId}"]`);
    await entry.waitFor();
    expect(await entry.getByTestId('audit-sentence').innerText()).toMatch(/^Alex Admin deleted the conversation with .+ \(\d+ messages?\)$/);

    await agent.goto(`${parley.server.url}/inbox`);
    await agent.locator('body').press('/');
    await agent.getByTestId('search-input').fill(word);
    await agent.getByTestId('search-empty').waitFor({ timeout: 15_000 });

    // the admin area (audit log included) sends an agent back to the inbox; the API refuses anyway
    await agent.goto(`${parley.server.url}/admin/audit`);
    await agent.waitForURL(/\/inbox/);

    await Promise.all([visitorCtx.close(), agentCtx.close(), adminCtx.close()]);
  });
});
