import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';
import { until } from './helpers';

/**
 * Issue #11 (E0) in a real browser: an agent drags a widget of the side panel to another place,
 * collapses one and hides another; a reload (any device) shows the same panel. An admin disables
 * a widget for the workspace in Settings › Chat widgets and it leaves the agent's open panel live,
 * and comes back when enabled.
 */
describe('side panel layout (Chromium, issue #11)', () => {
  const parley = useParley();
  const wide = { viewport: { width: 1440, height: 900 } };
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  const newPage = async (): Promise<Page> => {
    const ctx = await parley.browser.newContext(wide);
    contexts.push(ctx);
    return ctx.newPage();
  };
  const order = (page: Page) => page.locator('[data-testid=panel-widget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget')));

  it('reorder, collapse and hide are kept over a reload; a widget an admin disables leaves the panel live', async () => {
    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Is the oak table still available? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agent.locator('[data-testid=panel-widget][data-widget=timeline]').waitFor();
    await until(() => order(agent), ['owner-tags', 'conversation', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);

    // drag the timeline above owner & tags by its handle
    const handle = agent.locator('[data-testid=panel-widget][data-widget=timeline] [data-testid=widget-handle]');
    await handle.scrollIntoViewIfNeeded();
    const target = await agent.locator('[data-testid=panel-widget][data-widget=owner-tags]').boundingBox();
    const from = await handle.boundingBox();
    await agent.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
    await agent.mouse.down();
    for (let i = 1; i <= 12; i++) await agent.mouse.move(from!.x + from!.width / 2, from!.y + ((target!.y + 4 - from!.y) * i) / 12, { steps: 2 });
    await agent.mouse.up();
    await until(() => order(agent), ['timeline', 'owner-tags', 'conversation', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);

    // collapse the conversation widget to its title, hide owner & tags
    await agent.locator('[data-testid=panel-widget][data-widget=conversation] [data-testid=widget-collapse]').click();
    await agent.locator('[data-testid=panel-widget][data-widget=conversation] h3', { hasText: 'Conversation' }).waitFor();
    await agent.locator('[data-testid=panel-widget][data-widget=owner-tags] [data-testid=widget-hide]').click();
    await agent.getByTestId('hidden-widgets').filter({ hasText: 'Hidden widgets (1)' }).waitFor();
    // keyboard: Alt+↓ on the timeline's handle moves it below the collapsed widget
    await agent.locator('[data-testid=panel-widget][data-widget=timeline] [data-testid=widget-handle]').focus();
    await agent.keyboard.press('Alt+ArrowDown');
    await until(() => order(agent), ['conversation', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    await agent.waitForTimeout(300); // the save is on its way

    await agent.reload();
    await agent.locator('[data-testid=panel-widget][data-widget=timeline]').waitFor();
    await until(() => order(agent), ['conversation', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    expect(await agent.locator('[data-testid=panel-widget][data-widget=conversation] [data-testid=widget-collapse]').getAttribute('aria-expanded')).toBe('false');
    // the hidden widget comes back from the menu, in the place it kept (first: the timeline moved down past it)
    await agent.getByTestId('hidden-widgets').click();
    await agent.getByTestId('show-widget-owner-tags').click();
    await until(() => order(agent), ['owner-tags', 'conversation', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);

    // an admin disables the timeline for everyone: it leaves the agent's open panel without a reload
    const admin = await newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin/widgets`);
    await admin.getByRole('heading', { name: 'Chat side panel widgets' }).waitFor();
    expect(await admin.locator('[data-testid=widget-enabled-client-basics] button').isDisabled()).toBe(true);
    await admin.locator('[data-testid=widget-enabled-timeline] button').click();
    await admin.getByTestId('widgets-saved').waitFor();
    await until(() => order(agent), ['owner-tags', 'conversation', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    await admin.locator('[data-testid=widget-enabled-timeline] button').click();
    await until(() => order(agent), ['owner-tags', 'conversation', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    // the audit log names it
    await admin.goto(`${parley.server.url}/admin/audit`);
    await admin.getByText('enabled the side panel widgets Conversations on every channel for everyone').waitFor();
  });
});
