import { useParley } from './harness';
import { headerAction } from './helpers';

/**
 * Issue #4 with the mouse: priority and pending from the conversation header reach the list (and
 * the Pending view) live; a filter is saved, listed in the sidebar and applied; bad input shows.
 */
describe('inbox views, priority, pending and saved filters (Chromium)', () => {
  const parley = useParley();

  it('sets priority and pending, filters by priority, saves the filter and applies it', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Priority question ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text }).waitFor();

    const ctx = await parley.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const admin = await ctx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    const row = admin.getByTestId('conversation-row').filter({ hasText: text });
    await row.click();
    await headerAction(admin, 'priority');
    await admin.getByRole('menuitem', { name: 'Urgent' }).click();
    await row.getByTestId('row-priority').filter({ hasText: 'Urgent' }).waitFor();
    await headerAction(admin, 'mark-pending');
    await admin.getByTestId('conversation-status').filter({ hasText: 'Pending' }).waitFor();

    await admin.getByTestId('view-pending').click();
    await admin.getByTestId('conversation-row').filter({ hasText: text }).waitFor();

    // filter by priority, save it, clear it, apply it from the sidebar
    await admin.getByTestId('view-all').click();
    await admin.getByTestId('toggle-filters').click();
    await admin.getByTestId('filter-priority').click();
    await admin.getByRole('option', { name: 'Urgent', exact: true }).click();
    // only the urgent conversation is left (the demo chats are normal)
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=conversation-row]').length === 1);
    expect(await admin.getByTestId('conversation-row').filter({ hasText: text }).count()).toBe(1);
    await admin.getByTestId('save-filter').click();
    await admin.getByTestId('inbox-notice').filter({ hasText: 'Enter a name' }).waitFor();
    await admin.getByTestId('saved-filter-name').fill('Urgent ones');
    await admin.getByTestId('save-filter').click();
    await admin.getByTestId('saved-filter').filter({ hasText: 'Urgent ones' }).waitFor();
    await admin.screenshot({ path: '/tmp/inbox-views.png' });

    await admin.getByRole('button', { name: 'Clear', exact: true }).click();
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=conversation-row]').length > 1);
    await admin.getByTestId('saved-filter').filter({ hasText: 'Urgent ones' }).click();
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=conversation-row]').length === 1);
    expect(await admin.getByTestId('conversation-row').filter({ hasText: text }).count()).toBe(1);

    // a duplicate name is refused with a visible message
    await admin.getByTestId('saved-filter-name').fill('urgent ONES');
    await admin.getByTestId('save-filter').click();
    await admin.getByTestId('inbox-notice').filter({ hasText: /already have/ }).waitFor();

    await ctx.close();
    await visitorCtx.close();
  });
});
