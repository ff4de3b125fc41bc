import { useParley } from './harness';

/**
 * The operator app under its Content-Security-Policy in a real browser: nothing it needs is blocked
 * (the build's critical-CSS loader, Material's injected styles, the live socket, the widget preview).
 */
describe('operator app under its Content-Security-Policy (Chromium)', () => {
  const parley = useParley();

  it('loads, signs in, opens the inbox and the channel settings with no CSP violation; its stylesheet applies', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${parley.server.url}/login`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res?.headers()['x-powered-by']).toBeUndefined();
    await parley.signIn(page, 'admin@demo.test');
    // the stylesheet the build loads with media="print" + onload is switched to all media
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('link[rel=stylesheet]')).map((l) => (l as HTMLLinkElement).media).filter((m) => m === 'print'))).toEqual([]);
    await page.getByTestId('nav-admin').click();
    await page.waitForURL(/\/admin\/channels$/);
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
    await ctx.close();
  });
});
