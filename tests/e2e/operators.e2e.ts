import { useParley } from './harness';

/**
 * Issue "people" in a real browser: an admin changes an agent's role in the admin area and the
 * audit log shows it; an agent uploads an avatar through the crop editor from the user menu.
 */
describe('operators, roles and profile (Chromium)', () => {
  const parley = useParley();

  it("admin changes an agent's role on the Operators screen; the audit log shows who changed what", async () => {
    const ctx = await parley.browser.newContext();
    const admin = await ctx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-admin').click();
    await admin.waitForURL(/\/admin\/channels$/);
    for (const entry of ['channels', 'operators', 'permissions', 'audit']) await admin.getByTestId(`admin-nav-${entry}`).waitFor();

    await admin.getByTestId('admin-nav-operators').click();
    await admin.waitForURL(/\/admin\/operators$/);
    const select = admin.getByTestId('role-select-boris@demo.test');
    await select.click();
    await admin.getByRole('option', { name: 'Observer' }).click();
    await admin.getByTestId('role-select-boris@demo.test').filter({ hasText: 'Observer' }).waitFor();

    // the last admin cannot be demoted: the select offers it, the server refuses with a visible reason
    await admin.getByTestId('role-select-admin@demo.test').click();
    await admin.getByRole('option', { name: 'Agent' }).click();
    await admin.getByTestId('operators-error').filter({ hasText: /at least one active admin/ }).waitFor();
    await admin.getByTestId('role-select-admin@demo.test').filter({ hasText: 'Admin' }).waitFor();

    await admin.getByTestId('admin-nav-audit').click();
    const row = admin.locator('[data-testid=audit-row][data-action="operator.role_changed"]').first();
    await row.waitFor();
    expect(await row.getByTestId('audit-sentence').innerText()).toBe('Alex Admin changed Boris Petrov’s role from agent to observer');

    // Boris, now an observer, sees it on his next sign-in; agents have no admin entry
    const borisCtx = await parley.browser.newContext();
    const boris = await borisCtx.newPage();
    await parley.signIn(boris, 'boris@demo.test');
    await boris.getByTestId('current-operator').filter({ hasText: 'Observer' }).waitFor();
    expect(await boris.getByTestId('nav-admin').count()).toBe(0);
    await Promise.all([ctx.close(), borisCtx.close()]);
  });

  it('an agent opens the profile from the user menu, crops a picture and saves it as a 50×50 avatar', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await parley.signIn(page, 'anna@demo.test');
    await page.getByTestId('current-operator').click();
    await page.getByTestId('nav-profile').click();
    await page.waitForURL(/\/profile$/);
    await page.getByTestId('profile-avatar-initials').waitFor();

    // a 300×200 picture made in the page; the crop editor turns it into a 50×50 PNG
    const dataUrl = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 300;
      c.height = 200;
      const g = c.getContext('2d')!;
      g.fillStyle = '#3366cc';
      g.fillRect(0, 0, 300, 200);
      g.fillStyle = '#ffcc00';
      g.fillRect(100, 50, 100, 100);
      return c.toDataURL('image/png');
    });
    await page.getByTestId('avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') });
    await page.getByTestId('avatar-crop-preview').waitFor();
    await page.getByTestId('avatar-zoom').fill('2');
    await page.getByTestId('avatar-use').click();
    await page.getByTestId('avatar-status').filter({ hasText: 'Avatar saved.' }).waitFor();
    const img = page.getByTestId('profile-avatar');
    const src = await img.getAttribute('src');
    expect(src).toMatch(/^\/api\/avatars\/[0-9a-f-]{36}\?v=[0-9a-f]{16}$/);
    const size = await img.evaluate((el: HTMLImageElement) => new Promise<[number, number]>((resolve) => (el.complete ? resolve([el.naturalWidth, el.naturalHeight]) : (el.onload = () => resolve([el.naturalWidth, el.naturalHeight])))));
    expect(size).toEqual([50, 50]);
    // the centre of the zoomed crop is the yellow square
    const pixel = await img.evaluate((el: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = 50;
      c.height = 50;
      const g = c.getContext('2d')!;
      g.drawImage(el, 0, 0);
      return Array.from(g.getImageData(25, 25, 1, 1).data.slice(0, 3));
    });
    expect(pixel).toEqual([255, 204, 0]);

    // a file that is not a picture is refused in the page
    await page.getByTestId('avatar-file').setInputFiles({ name: 'x.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
    await page.getByTestId('avatar-status').filter({ hasText: 'PNG, JPEG or WebP' }).waitFor();

    // the name changes in the top bar at once
    await page.getByTestId('profile-name').fill('Anna N.');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-status').filter({ hasText: 'Profile saved.' }).waitFor();
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByTestId('current-operator').filter({ hasText: 'Anna N.' }).waitFor();
    expect(await page.getByTestId('current-operator').locator('img').getAttribute('src')).toBe(src);
    await ctx.close();
  });
});
