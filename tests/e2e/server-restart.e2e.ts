import type { Page } from 'playwright-core';
import { useParley } from './harness';

const visitorMessages = (page: Page) => page.locator('[data-testid=parley-message]');

/** Every text in the order shown, so a duplicate or a gap is visible. */
async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((t) => t.trim());
}

/**
 * Issue 3 in a real browser: the server restarts in the middle of a conversation. The widget and
 * the operator app reconnect by themselves; the message the visitor wrote while the server was
 * down is delivered once, nothing is lost or shown twice, and the conversation goes on.
 */
describe('server restart mid-conversation (Chromium)', () => {
  const parley = useParley();

  it('reconnects both sides and resumes with nothing lost or duplicated', async () => {
    const stamp = Date.now();
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const first = `Before the restart ${stamp}`;
    await visitor.getByTestId('parley-input').fill(first);
    await visitor.getByTestId('parley-input').press('Enter');

    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('conversation-row').filter({ hasText: first }).click();
    await agent.getByTestId('message').filter({ hasText: first }).waitFor();
    await agent.getByTestId('composer').fill(`Answer one ${stamp}`);
    await agent.getByTestId('composer').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: `Answer one ${stamp}` }).waitFor({ timeout: 15_000 });

    // the server goes away; the visitor writes while it is down (the widget keeps it in its outbox)
    const restarting = parley.server.restart();
    await visitor.waitForTimeout(300);
    const during = `Written while the server was down ${stamp}`;
    await visitor.getByTestId('parley-input').fill(during);
    await visitor.getByTestId('parley-input').press('Enter');
    await restarting;

    // both sides come back by themselves: the message reaches the operator once
    await agent.getByTestId('message').filter({ hasText: during }).waitFor({ timeout: 60_000 });
    await agent.getByTestId('composer').fill(`Answer two ${stamp}`);
    await agent.getByTestId('composer').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: `Answer two ${stamp}` }).waitFor({ timeout: 30_000 });

    const label = (t: string) => /(Before the restart|Answer one|Written while the server was down|Answer two)/.exec(t)?.[1];
    const visitorSide = (await texts(visitor, '[data-testid=parley-message]')).filter((t) => t.includes(String(stamp)));
    expect(visitorSide.map(label)).toEqual([
      'Before the restart',
      'Answer one',
      'Written while the server was down',
      'Answer two',
    ]);
    const agentSide = (await texts(agent, '[data-testid=message]')).filter((t) => t.includes(String(stamp)));
    expect(agentSide.map(label)).toEqual([
      'Before the restart',
      'Answer one',
      'Written while the server was down',
      'Answer two',
    ]);
    // after a reload the visitor sees the same thread (the server replays it), still once each
    await visitor.reload();
    await visitor.getByTestId('parley-launcher').click();
    await visitor.locator('[data-testid=parley-message]', { hasText: `Answer two ${stamp}` }).waitFor({ timeout: 15_000 });
    expect(await visitorMessages(visitor).filter({ hasText: during }).count()).toBe(1);

    await Promise.all([visitorCtx.close(), agentCtx.close()]);
  });
});
