import { Page } from 'playwright-core';
import { useParley } from './harness';
import { headerAction } from './helpers';

const ZONE = 'Europe/Warsaw';
/** Where to save screenshots for a look by eye (as layout-audit.e2e.ts), when set. */
const SHOTS = process.env['LAYOUT_SCREENS_DIR'];

/** The date ("24/12/2026") and time ("14:30") of `t` on a clock in Warsaw, as an en-GB operator types them. */
function warsaw(t: Date): { date: string; time: string; weekday: string } {
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(t);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' }).format(t);
  return { date, time, weekday };
}

async function fillCustom(page: Page, date: string, time: string): Promise<void> {
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByLabel('Time', { exact: true }).fill(time);
}

/**
 * Issue #17: snooze until a custom date and time (the operator's locale and time zone, refused
 * when past or more than 365 days ahead, on the form and on the server), and the Material confirm
 * dialog that replaced the browser's native confirm() (deactivating an operator).
 */
describe('custom snooze and the confirm dialog (Chromium)', () => {
  const parley = useParley();

  it('snoozes a conversation until a chosen date and time in the operator’s zone, refuses bad times, and it wakes by itself', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Call me back on Tuesday? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    // an operator in Warsaw with a British date format; 1280 px: Snooze is in "More actions"
    const ctx = await parley.browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: ZONE, locale: 'en-GB' });
    const agent = await ctx.newPage();
    const nativeDialogs: string[] = [];
    agent.on('dialog', (d) => {
      nativeDialogs.push(d.message());
      void d.dismiss();
    });
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('conversation-row').filter({ hasText: 'Call me back' }).click({ timeout: 15_000 });
    await agent.getByTestId('message').filter({ hasText: text }).waitFor();
    await agent.getByTestId('take').click();
    await agent.getByTestId('conversation-assignee').filter({ hasText: 'Assigned to Anna Nowak' }).waitFor();

    // a preset first: "1 hour" from the moment it is clicked, then Unsnooze (both from "More actions")
    await headerAction(agent, 'snooze');
    const clicked = Date.now();
    await agent.getByRole('menuitem', { name: '1 hour' }).click();
    const preset = agent.getByTestId('snoozed-until');
    await preset.waitFor();
    const presetUntil = Date.parse((await preset.locator('time').getAttribute('datetime')) ?? '');
    expect(Math.abs(presetUntil - clicked - 3_600_000)).toBeLessThan(15_000);
    expect(await preset.textContent()).toBe(`Snoozed until ${warsaw(new Date(presetUntil)).weekday} ${warsaw(new Date(presetUntil)).time}`);
    await headerAction(agent, 'unsnooze');
    await preset.waitFor({ state: 'detached' });

    await headerAction(agent, 'snooze');
    await agent.getByTestId('snooze-custom').click();
    const dialog = agent.getByRole('dialog', { name: 'Snooze until' });
    await dialog.waitFor();
    const error = agent.getByTestId('snooze-error');

    // bad inputs: a visible error, the dialog stays, nothing is snoozed
    const now = new Date();
    const yesterday = warsaw(new Date(now.getTime() - 86_400_000));
    await fillCustom(agent, yesterday.date, '10:00');
    await agent.getByTestId('snooze-save').click();
    await error.filter({ hasText: 'Choose a time in the future' }).waitFor();
    expect(await agent.getByLabel('Date', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    const aMinuteAgo = warsaw(new Date(now.getTime() - 60_000));
    await fillCustom(agent, aMinuteAgo.date, aMinuteAgo.time);
    await agent.getByLabel('Time', { exact: true }).press('Enter');
    await error.filter({ hasText: 'Choose a time in the future' }).waitFor();

    const tooFar = warsaw(new Date(now.getTime() + 400 * 86_400_000));
    await fillCustom(agent, tooFar.date, '09:00');
    await error.filter({ hasText: 'Snooze for at most 365 days' }).waitFor();
    if (SHOTS) await agent.screenshot({ path: `${SHOTS}/snooze-dialog-error.png` });

    await fillCustom(agent, '31/02/2027', '09:00');
    await error.filter({ hasText: 'Enter a real date' }).waitFor();

    await fillCustom(agent, warsaw(now).date, '');
    await error.filter({ hasText: 'Enter a time' }).waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await agent.getByTestId('snoozed-until').count()).toBe(0);

    // a good one: the next whole minute at least 20 s away, typed as Warsaw's clock shows it
    let target = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
    if (target.getTime() - Date.now() < 20_000) target = new Date(target.getTime() + 60_000);
    const good = warsaw(target);
    await fillCustom(agent, good.date, good.time);
    expect(await error.textContent()).toBe('');
    await agent.getByLabel('Time', { exact: true }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    const snoozed = agent.getByTestId('snoozed-until');
    await snoozed.waitFor();
    if (SHOTS) await agent.screenshot({ path: `${SHOTS}/snoozed-1280.png` });
    // the header keeps one row of actions beside the title while snoozed
    const title = (await agent.locator('#conversation-title').boundingBox())!;
    const close = (await agent.getByTestId('close').boundingBox())!;
    expect(close.y).toBeLessThan(title.y + title.height);
    expect(await snoozed.textContent()).toBe(`Snoozed until ${good.weekday} ${good.time}`);
    // the server stored the instant the operator meant in their own zone
    expect(new Date((await snoozed.locator('time').getAttribute('datetime')) ?? '').toISOString()).toBe(target.toISOString());
    // out of the views, in Snoozed
    await agent.getByTestId('conversation-row').filter({ hasText: 'Call me back' }).waitFor({ state: 'detached' });
    await agent.getByTestId('view-snoozed').click();
    await agent.getByTestId('conversation-row').filter({ hasText: 'Call me back' }).waitFor();

    // it wakes at its time, like the presets: back in Mine, the header no longer says snoozed
    await agent.getByTestId('view-mine').click();
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Call me back' });
    await row.waitFor({ state: 'detached' });
    await snoozed.waitFor({ state: 'detached', timeout: 85_000 });
    await row.waitFor();
    expect(nativeDialogs).toEqual([]);

    await ctx.close();
    await visitorCtx.close();
  }, 180_000);

  it('asks in a Material dialog before deactivating an operator: Cancel (and Esc) keep them, Deactivate deactivates', async () => {
    const ctx = await parley.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await ctx.newPage();
    const nativeDialogs: string[] = [];
    admin.on('dialog', (d) => {
      nativeDialogs.push(d.message());
      void d.dismiss();
    });
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin/operators`);
    const deactivate = admin.getByTestId('deactivate-boris@demo.test');
    await deactivate.waitFor();

    const dialog = admin.getByRole('alertdialog', { name: 'Deactivate Boris Petrov?' });
    // Cancel keeps him; focus starts on Cancel, so Enter is the safe choice
    await deactivate.click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('confirm-message').textContent()).toContain('signed out at once');
    await admin.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'confirm-cancel');
    expect(await dialog.getByTestId('confirm-ok').textContent()).toContain('Deactivate');
    if (SHOTS) await admin.screenshot({ path: `${SHOTS}/confirm-deactivate.png` });
    await admin.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // focus returns to the button that asked
    await admin.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'deactivate-boris@demo.test');
    expect(await deactivate.isVisible()).toBe(true);

    // Esc keeps him too
    await deactivate.click();
    await dialog.waitFor();
    await admin.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'confirm-cancel');
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await deactivate.isVisible()).toBe(true);
    await admin.reload();
    await deactivate.waitFor();

    // the confirm button (reached with Tab) deactivates
    await deactivate.click();
    await dialog.waitFor();
    await admin.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'confirm-cancel');
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-ok');
    await admin.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByTestId('reactivate-boris@demo.test').waitFor();
    await admin.reload();
    await admin.getByTestId('reactivate-boris@demo.test').waitFor();
    expect(nativeDialogs).toEqual([]);

    await ctx.close();
  });
});
