import { Page } from 'playwright-core';
import { useParley } from './harness';

/** The id of the element that has keyboard focus (a conversation row's is `conversation-<id>`). */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');

/**
 * Issue #4 keyboard-only: after logging in (typed, submitted with Enter) the agent never touches
 * the mouse: `?` lists the shortcuts, j/k move through the list, Enter opens a chat, r replies,
 * Esc goes back to the list, x selects, c closes.
 */
describe('inbox by keyboard only (Chromium)', () => {
  const parley = useParley();

  it('an agent moves through the list, opens a chat, replies and closes it; ? lists every shortcut', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const question = `Keyboard question ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(question);
    await visitor.getByTestId('parley-input').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: question }).waitFor();

    const ctx = await parley.browser.newContext();
    const agent = await ctx.newPage();
    await agent.goto(`${parley.server.url}/login`);
    await agent.getByTestId('login-email').fill('anna@demo.test');
    await agent.getByTestId('login-password').fill('parley-demo');
    await agent.getByTestId('login-password').press('Enter');
    await agent.waitForURL(/\/inbox/);
    const row = agent.getByTestId('conversation-row').filter({ hasText: question });
    await row.waitFor();
    const conversationId = (await row.getAttribute('data-conversation-id'))!;
    // the unread badge of the agent's views counts the new chat
    await agent.getByTestId('badge-queue').waitFor();

    // ? opens the overlay with every shortcut; Esc closes it
    await agent.keyboard.press('?');
    const dialog = agent.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const text of ['Show this list of shortcuts', 'Search messages and contacts', 'Next conversation', 'Open the conversation', 'Reply: focus the composer', 'Select / unselect', 'Close the selected', 'Assign the selected', 'Snooze the selected', 'Back to the conversation list']) {
      await dialog.getByText(text).first().waitFor();
    }
    expect(await dialog.getByTestId('shortcut').count()).toBeGreaterThanOrEqual(15);
    await agent.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // j jumps into the list; j/k move; the new chat is the newest, so first
    await agent.keyboard.press('j');
    expect(await focusedId(agent)).toBe(`conversation-${conversationId}`);
    const rows = await agent.getByTestId('conversation-row').count();
    if (rows > 1) {
      await agent.keyboard.press('j');
      expect(await focusedId(agent)).not.toBe(`conversation-${conversationId}`);
      await agent.keyboard.press('k');
      expect(await focusedId(agent)).toBe(`conversation-${conversationId}`);
    }

    // x selects the row (the bulk bar appears); Esc clears the selection
    await agent.keyboard.press('x');
    await agent.locator(`#conversation-${conversationId}[data-checked=true]`).waitFor();
    await agent.getByTestId('bulk-bar').waitFor();
    await agent.keyboard.press('Escape');
    await agent.getByTestId('bulk-bar').waitFor({ state: 'detached' });

    // Enter opens it; r focuses the composer; Enter sends (and takes the chat)
    await agent.keyboard.press('Enter');
    await agent.waitForURL(new RegExp(`/inbox/${conversationId}`));
    await agent.getByTestId('message').filter({ hasText: question }).waitFor();
    await agent.keyboard.press('r');
    expect(await focusedTestId(agent)).toBe('composer');
    await agent.keyboard.type('Hello! Answering with the keyboard only.');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('message').filter({ hasText: 'Answering with the keyboard only' }).waitFor();
    await visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: 'Answering with the keyboard only' }).waitFor({ timeout: 15_000 });
    await agent.getByTestId('conversation-status').filter({ hasText: 'Open' }).waitFor();

    // Esc goes back to the list row; c closes it
    await agent.keyboard.press('Escape');
    expect(await focusedId(agent)).toBe(`conversation-${conversationId}`);
    await agent.keyboard.press('c');
    await agent.locator(`#conversation-${conversationId}[data-status=closed]`).waitFor({ timeout: 15_000 });
    await agent.getByTestId('conversation-status').filter({ hasText: 'Closed' }).waitFor({ timeout: 15_000 });
    await agent.getByTestId('inbox-notice').filter({ hasText: '1 closed' }).waitFor();

    await ctx.close();
    await visitorCtx.close();
  });
});
