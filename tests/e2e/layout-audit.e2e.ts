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
