import { mkdirSync } from 'node:fs';
import { Page } from 'playwright-core';
import { useParley } from './harness';

const SCREENS = process.env['LAYOUT_SCREENS_DIR'] ?? '/work/notes/screens';

/** Whether an element lies fully inside the viewport horizontally and is visible. */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  const el = page.getByTestId(testId);
  if (!(await el.isVisible())) return false;
  const box = await el.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
}

/** The visible buttons of the conversation header: each on screen, all in one row beside the title, and still there a moment later (no jump). */
async function headerButtons(page: Page): Promise<Array<{ id: string; top: number; bottom: number; left: number; right: number }>> {
  return page.locator('.thread-header .actions button').evaluateAll((buttons) =>
    buttons
      .filter((b) => (b as HTMLElement).offsetParent !== null && b.getBoundingClientRect().width > 0)
      .map((b) => {
        const r = b.getBoundingClientRect();
        return { id: b.getAttribute('data-testid') ?? b.textContent?.trim() ?? '', top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) };
      }),
  );
}

async function checkHeaderActions(page: Page, width: number): Promise<void> {
  const buttons = await headerButtons(page);
  const ids = buttons.map((b) => b.id);
  // the primary action stays visible at every width
  expect({ width, close: ids.includes('close') }).toEqual({ width, close: true });
  // one row: every button's middle within a few pixels of the others'
  const middles = buttons.map((b) => (b.top + b.bottom) / 2);
  expect({ width, ids, oneRow: Math.max(...middles) - Math.min(...middles) <= 4 }).toEqual({ width, ids, oneRow: true });
  // beside the title, not under it
  const title = await page.locator('#conversation-title').boundingBox();
  expect({ width, besideTitle: buttons.every((b) => b.top < (title?.y ?? 0) + (title?.height ?? 0)) }).toEqual({ width, besideTitle: true });
  const viewport = page.viewportSize()?.width ?? 0;
  expect({ width, inside: buttons.every((b) => b.left >= 0 && b.right <= viewport) }).toEqual({ width, inside: true });
  // no layout jumping: the same places a moment later
  await page.waitForTimeout(300);
  expect(await headerButtons(page)).toEqual(buttons);

  const more = page.getByTestId('more-actions');
  if (width >= 1920) {
    // room enough: everything inline, no overflow menu
    expect({ width, more: await more.isVisible() }).toEqual({ width, more: false });
    for (const id of ['mark-pending', 'snooze', 'priority', 'transfer', 'invite']) expect({ width, id, inline: ids.includes(id) }).toEqual({ width, id, inline: true });
    return;
  }
  // short of room: the secondary actions are in "More actions" (a labelled menu, keyboard-usable)
  for (const id of ['mark-pending', 'snooze', 'priority', 'transfer', 'invite']) expect({ width, id, inline: ids.includes(id) }).toEqual({ width, id, inline: false });
  expect({ width, more: await more.isVisible() }).toEqual({ width, more: true });
  expect(await more.getAttribute('aria-label')).toBe('More actions');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'More actions' });
  await menu.waitFor();
  const items = await menu.getByRole('menuitem').allTextContents();
  expect(items.map((t) => t.trim())).toEqual(['Pending', 'Snooze', 'Priority: Normal', 'Transfer', 'Invite']);
  // the submenus open from the keyboard too
  await page.getByTestId('more-snooze').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('menuitem', { name: 'Custom date and time…' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('menuitem', { name: 'Custom date and time…' }).waitFor({ state: 'hidden' });
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  // focus goes back to the trigger
  expect(await more.evaluate((el) => el === document.activeElement)).toBe(true);
}

/**
 * Issue #17 (layout): the inbox with a conversation open at 1024, 1280, 1440 and 1920 px. The
 * document never scrolls sideways, the title keeps its width, the operator's name and Log out
 * stay reachable (directly or through the top bar's "More" menu) and the contact panel is
 * visible, or a keyboard-reachable drawer on narrow screens.
 */
describe('responsive workspace layout (Chromium)', () => {
  const parley = useParley();

  it('fits the top bar, the conversation header and the side panel at four widths', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Do you deliver furniture to Gdańsk next week? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const ctx = await parley.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await ctx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('conversation-row').filter({ hasText: 'Gdańsk' }).click({ timeout: 15_000 });
    await agent.getByTestId('message').filter({ hasText: text }).waitFor();
    await agent.getByTestId('take').click();
    await agent.getByTestId('conversation-assignee').filter({ hasText: 'Assigned to Anna Nowak' }).waitFor();

    mkdirSync(SCREENS, { recursive: true });
    for (const width of [1024, 1280, 1440, 1920]) {
      await agent.setViewportSize({ width, height: 900 });
      await agent.waitForTimeout(200);

      // no sideways scrolling of the document
      const overflow = await agent.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ width, overflow }).toEqual({ width, overflow: 0 });

      // the title is not squeezed to a few characters, nor cut with an ellipsis
      const title = await agent.locator('#conversation-title').evaluate((h) => ({ width: h.getBoundingClientRect().width, cut: h.scrollWidth > h.clientWidth }));
      expect({ width, cut: title.cut }).toEqual({ width, cut: false });
      expect(title.width).toBeGreaterThanOrEqual(200);
      // "Assigned to Anna Nowak" on one line
      const assignee = await agent.getByTestId('conversation-assignee').boundingBox();
      expect(assignee?.height ?? 99).toBeLessThan(24);

      // the header's actions: one row beside the title, the rest in "More actions" when short of room
      await checkHeaderActions(agent, width);

      // the operator's name is on screen; Log out directly or in the "More" menu
      expect({ width, name: await onScreen(agent, 'current-operator') }).toEqual({ width, name: true });
      if (await onScreen(agent, 'logout')) {
        expect(await agent.getByTestId('topbar-more').isVisible()).toBe(false);
      } else {
        expect({ width, more: await onScreen(agent, 'topbar-more') }).toEqual({ width, more: true });
        await agent.getByTestId('topbar-more').click();
        await agent.getByTestId('more-logout').waitFor();
        expect(await agent.getByTestId('more-history').isVisible()).toBe(true);
        await agent.keyboard.press('Escape');
        await agent.getByTestId('more-logout').waitFor({ state: 'hidden' });
      }

      // the contact panel: visible, or a drawer opened by a labelled button
      const panel = agent.getByTestId('side-panel');
      if (width >= 1280) {
        expect({ width, panel: await panel.isVisible() }).toEqual({ width, panel: true });
        expect(await agent.getByTestId('side-panel-toggle').isVisible()).toBe(false);
      } else {
        expect(await panel.isVisible()).toBe(false);
        const toggle = agent.getByTestId('side-panel-toggle');
        expect(await toggle.getAttribute('aria-label')).toBe('Show contact details');
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        await toggle.focus();
        await agent.keyboard.press('Enter');
        await panel.waitFor({ state: 'visible' });
        expect(await onScreen(agent, 'side-panel')).toBe(true);
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await agent.screenshot({ path: `${SCREENS}/${width}-drawer.png` });
        await agent.keyboard.press('Enter');
        await panel.waitFor({ state: 'hidden' });
      }
      await agent.screenshot({ path: `${SCREENS}/${width}.png` });
    }

    await ctx.close();
    await visitorCtx.close();
  });
});
