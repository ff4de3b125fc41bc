import { useParley } from './harness';

/**
 * Issue #16 (finding 13): an operator e-mail is unique per workspace, so one person may work for
 * two companies on one Parley. When the e-mail and password fit both, the login page asks which
 * workspace to open (after the right password only) and signs in there.
 */
describe('login with an e-mail of several workspaces (Chromium)', () => {
  const parley = useParley();

  beforeAll(async () => {
    // Anna also works for Beta Bikes, with the same password (the demo one)
    const [ws] = await parley.server.sql<{ id: string }>(`INSERT INTO workspaces (name, slug) VALUES ('Beta Bikes', 'beta') RETURNING id`);
    await parley.server.sql(
      `INSERT INTO operators (workspace_id, email, password_hash, display_name, role)
       SELECT $1, email, password_hash, 'Anna at Beta', 'agent' FROM operators WHERE email = 'anna@demo.test'`,
      [ws.id],
    );
  });

  it('shows a workspace picker and signs in to the chosen workspace', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await parley.submitLogin(page, 'anna@demo.test');
    const picker = page.getByTestId('login-workspaces');
    await picker.waitFor();
    expect(await picker.getByRole('heading', { name: 'Choose a workspace' }).isVisible()).toBe(true);
    expect(await picker.innerText()).toContain('anna@demo.test signs in to several workspaces');
    expect(await page.getByTestId('login-workspace').allInnerTexts()).toEqual(['Beta Bikes', 'Demo Shop']);
    expect(await page.getByTestId('login-email').count()).toBe(0);
    expect(page.url()).toMatch(/\/login/);

    await page.getByRole('button', { name: 'Beta Bikes' }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByTestId('current-operator').filter({ hasText: 'Anna at Beta' }).waitFor();
    await ctx.close();
  });

  it('is keyboard-friendly, goes back to the form, and a wrong password never shows the picker', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    // a wrong password: the usual error, no workspaces named
    await parley.submitLogin(page, 'anna@demo.test', 'not-the-password');
    await page.getByTestId('login-error').filter({ hasText: 'Wrong e-mail or password' }).waitFor();
    expect(await page.getByTestId('login-workspaces').count()).toBe(0);

    await page.getByTestId('login-password').fill('parley-demo');
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('login-workspaces').waitFor();
    // the first workspace has the focus; Back returns to the form with the e-mail kept and the password cleared
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'login-workspace');
    await page.getByTestId('login-workspace-back').click();
    await page.getByTestId('login-email').waitFor();
    expect(await page.getByTestId('login-email').inputValue()).toBe('anna@demo.test');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');

    // choose Demo Shop with the keyboard alone
    await page.getByTestId('login-password').fill('parley-demo');
    await page.getByTestId('login-password').press('Enter');
    await page.getByTestId('login-workspaces').waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Beta Bikes');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Demo Shop');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/inbox/);
    await page.getByTestId('current-operator').filter({ hasText: 'Anna Nowak' }).waitFor();
    await ctx.close();
  });
});
