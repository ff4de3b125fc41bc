import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';

/**
 * Issue #11 (E6, E4) in a real browser: an agent writes a note on the client from the side panel
 * (Ctrl+Enter), a too long one is refused in the form; an admin who has the same conversation open
 * sees the note arrive and its edit live, and deletes it after confirming. The agent creates a
 * task in the task drawer (a title is required), the admin sees it live and ticks it done.
 */
describe('client notes and tasks in the side panel (Chromium, issue #11)', () => {
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
  const openConversation = async (page: Page, email: string, text: string) => {
    await parley.signIn(page, email);
    const row = page.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('[data-testid=panel-widget][data-widget=notes]').waitFor();
    await page.getByTestId('notes-none').waitFor();
  };
  const startChat = async (text: string) => {
    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
  };

  it('an agent adds and edits a note; an admin sees both live and deletes it', async () => {
    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Do you deliver to Kraków? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const [agent, admin] = await Promise.all([newPage(), newPage()]);
    await openConversation(agent, 'anna@demo.test', text);
    await openConversation(admin, 'admin@demo.test', text);

    // bad input: over the limit the form says so and will not send
    const input = agent.getByTestId('note-input');
    await input.fill('x'.repeat(2001));
    await agent.getByTestId('note-too-long').waitFor();
    expect(await agent.getByTestId('note-add').isDisabled()).toBe(true);

    await input.fill('Wants delivery on Saturday morning');
    await input.press('Control+Enter');
    await agent.getByTestId('note-body').filter({ hasText: 'Wants delivery on Saturday morning' }).waitFor();
    expect(await input.inputValue()).toBe('');
    // the admin's open panel shows it without a reload, with its author
    const seen = admin.getByTestId('note').filter({ hasText: 'Wants delivery on Saturday morning' });
    await seen.waitFor({ timeout: 10_000 });
    expect(await seen.textContent()).toContain('Anna');

    await agent.getByTestId('note-edit').click();
    await agent.getByTestId('note-edit-input').fill('Wants delivery on Saturday, before 10:00');
    await agent.getByTestId('note-edit-input').press('Control+Enter');
    await admin.getByTestId('note-body').filter({ hasText: 'Wants delivery on Saturday, before 10:00' }).waitFor({ timeout: 10_000 });
    expect(await admin.getByTestId('note').textContent()).toContain('edited');

    await admin.getByTestId('note-delete').click();
    await admin.getByTestId('note-delete-confirm').click();
    await admin.getByTestId('notes-none').waitFor();
    await agent.getByTestId('notes-none').waitFor({ timeout: 10_000 });
  });

  it('an agent creates a task in the drawer; an admin sees it live and ticks it done', async () => {
    const text = `Call me back about the discount ${Date.now()}`;
    await startChat(text);
    const [agent, admin] = await Promise.all([newPage(), newPage()]);
    await openConversation(agent, 'anna@demo.test', text);
    await openConversation(admin, 'admin@demo.test', text);
    await agent.getByTestId('tasks-none').waitFor();

    await agent.getByTestId('task-create').click();
    const drawer = agent.getByTestId('task-drawer');
    await drawer.waitFor();
    // bad input: no title
    await agent.getByTestId('task-save').click();
    await agent.getByTestId('task-error-title').waitFor();
    await agent.getByTestId('task-title-input').fill('Call back about the discount');
    await agent.getByTestId('task-assignee-input').locator('option', { hasText: 'Anna' }).waitFor({ state: 'attached' });
    await agent.getByTestId('task-title-input').press('Control+Enter');
    await drawer.waitFor({ state: 'detached' });
    await agent.getByTestId('task-title').filter({ hasText: 'Call back about the discount' }).waitFor();

    const seen = admin.getByTestId('task').filter({ hasText: 'Call back about the discount' });
    await seen.waitFor({ timeout: 10_000 });
    expect(await seen.textContent()).toContain('Anna');
    await seen.getByTestId('task-done').check();
    await admin.locator('[data-testid=task].done').waitFor();
    // done elsewhere: gone from the agent's open list
    await agent.getByTestId('tasks-none').waitFor({ timeout: 10_000 });
  });
});
