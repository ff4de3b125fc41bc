import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Page } from 'playwright-core';
import { useParley } from './harness';
import { until } from './helpers';

/**
 * SPEC C3, C4, C5 and the public JS API in Chromium: the one-line snippet on a plain HTML page of
 * ANOTHER origin (a second local HTTP server), the progressive pre-chat form, a display rule hiding
 * the widget, and Hebrew rendering right to left.
 */
describe('the widget embedded on another site (Chromium)', () => {
  const parley = useParley();
  let site: http.Server;
  let siteUrl = '';
  /** Extra HTML per path (e.g. a Parley.identify call the site's server renders). */
  const extra = new Map<string, string>();

  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${parley.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  let admin = '';
  let channel: any;
  const save = async (settings: Record<string, unknown>) => {
    const { preChat: _p, displayRules: _d, ...rest } = channel.webchat;
    await gql(`mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id } }`, { i: { id: channel.id, name: channel.name, active: true, settings: { ...rest, ...settings } } }, admin);
  };

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Plain site ${path}</title></head><body><h1>Plain site</h1>
${extra.get(path) ?? ''}
<script async src="${parley.server.url}/widget.js" data-channel="demo-webchat"></script></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`; // localhost ≠ 127.0.0.1: another origin
    admin = (await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: 'parley-demo' } })).login.accessToken;
    const data = await gql(
      `query { channels { id name publicKey webchat { defaultLanguage texts { language header welcome } inputPlaceholder companyName avatarUrl radius launcherIcon launcherShape hideLauncher position showOperatorIdentity botEnabled colors { header launcher operatorBubble visitorBubble text } } } }`,
      {},
      admin,
    );
    channel = data.channels.find((c: any) => c.publicKey === 'demo-webchat');
  });
  afterAll(async () => new Promise((r) => site?.close(() => r(undefined))));

  const visit = async (path: string, locale = 'en-US'): Promise<Page> => {
    const ctx = await parley.browser.newContext({ locale });
    const page = await ctx.newPage();
    await page.goto(`${siteUrl}${path}`);
    return page;
  };

  it('pre-chat form asks only for the fields the server does not know, validates them, then the chat starts', async () => {
    await save({ preChat: { enabled: true, skipKnownContacts: false, fields: [{ field: 'name', required: true }, { field: 'email', required: true }, { field: 'phone', required: false }] } });

    // a new visitor is asked for all three
    const page = await visit('/');
    expect(new URL(page.url()).origin).not.toBe(new URL(parley.server.url).origin);
    await page.getByTestId('parley-launcher').click();
    await page.getByTestId('parley-prechat').waitFor();
    expect(await page.getByTestId('parley-prechat').locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name))).toEqual(['name', 'email', 'phone']);
    expect(await page.getByTestId('parley-input').isVisible()).toBe(false);
    await page.getByTestId('parley-prechat-name').fill('Ewa');
    await page.getByTestId('parley-prechat-email').fill('ewa@');
    await page.getByTestId('parley-prechat-submit').click();
    await until(() => page.getByTestId('parley-prechat-email-error').innerText(), 'Enter a valid e-mail address');
    await page.getByTestId('parley-prechat-email').fill('ewa@example.com');
    await page.getByTestId('parley-prechat-submit').click();
    await page.getByTestId('parley-input').waitFor();
    await page.getByTestId('parley-input').fill('Hello from a plain site');
    await page.getByTestId('parley-input').press('Enter');
    await until(() => page.getByTestId('parley-state').first().innerText(), 'Delivered');
    await page.context().close();

    // a known contact (identified by the site with a valid hash) is asked only for the phone
    const secret = (await gql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channel.id }, admin)).webchatIdentitySecret;
    const hash = createHmac('sha256', secret).update('jan@example.com').digest('hex');
    extra.set('/account', `<script>window.Parley = window.Parley || { q: [] }; Parley.q.push(['identify', { email: 'jan@example.com', name: 'Jan Nowak', hash: '${hash}' }]);</script>`);
    const known = await visit('/account');
    await known.getByTestId('parley-launcher').click();
    await known.getByTestId('parley-prechat').waitFor();
    await until(() => known.getByTestId('parley-prechat').locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name)), ['phone']);
    await known.getByTestId('parley-prechat-submit').click(); // phone is optional
    await known.getByTestId('parley-input').waitFor();
    await known.context().close();
    await save({ preChat: { enabled: false, skipKnownContacts: true, fields: [] } });
  });

  it('a display rule hides the widget on matching pages only; a teaser shows elsewhere', async () => {
    await save({
      displayRules: {
        hideOnMobile: false,
        defaultAction: 'show',
        rules: [
          { domains: [], urlContains: '/checkout', urlNotContains: '', urlPattern: '', countries: [], action: 'hide', teaserText: '', openAfterSeconds: 0 },
          { domains: [], urlContains: '', urlNotContains: '', urlPattern: '*/sale*', countries: [], action: 'teaser', teaserText: 'Questions about the sale?', openAfterSeconds: 0 },
        ],
      },
    });
    const sale = await visit('/sale/shoes');
    await until(() => sale.locator('.teaser-text').innerText(), 'Questions about the sale?');
    expect(await sale.getByTestId('parley-teaser').isVisible()).toBe(true);
    expect(await sale.getByTestId('parley-launcher').isVisible()).toBe(true);
    await sale.context().close();

    const checkout = await visit('/checkout');
    // the widget is on the page (the host element), but hidden by the rule
    await checkout.waitForFunction(() => !!document.querySelector('parley-widget')?.shadowRoot?.querySelector('[data-testid=parley-root]'));
    await until(() => checkout.evaluate(() => (document.querySelector('parley-widget')?.shadowRoot?.querySelector('[data-testid=parley-root]') as HTMLElement).hidden), true);
    expect(await checkout.getByTestId('parley-launcher').isVisible()).toBe(false);
    await checkout.context().close();
    await save({ displayRules: { hideOnMobile: false, defaultAction: 'show', rules: [] } });
  });

  it('admin section: a bad display rule is refused with the field shown, a good one saved and applied', async () => {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await parley.signIn(page, 'admin@demo.test');
    await page.goto(`${parley.server.url}/admin/channels/${channel.id}`);
    await page.getByTestId('rules-section').waitFor();
    expect(await page.getByTestId('identity-secret').innerText()).toBe('••••••••••••••••');
    await page.getByTestId('rules-add').click();
    const rule = page.getByTestId('rule-0');
    await rule.getByLabel('Countries (ISO codes)').fill('Poland');
    await rule.getByLabel('URL contains').fill('/admin-test');
    await page.getByTestId('behaviour-save').click();
    await until(() => page.getByTestId('behaviour-error').innerText(), 'Check the highlighted rules.');
    expect(await rule.innerText()).toContain('A two-letter country code like PL');
    await rule.getByLabel('Countries (ISO codes)').fill('');
    await page.getByTestId('behaviour-save').click();
    await page.getByTestId('behaviour-saved').waitFor();
    await ctx.close();
    // the saved rule (hide on /admin-test) applies on the other site
    const hidden = await visit('/admin-test');
    await hidden.waitForFunction(() => !!document.querySelector('parley-widget')?.shadowRoot?.querySelector('[data-testid=parley-root]'));
    await until(() => hidden.evaluate(() => (document.querySelector('parley-widget')?.shadowRoot?.querySelector('[data-testid=parley-root]') as HTMLElement).hidden), true);
    await hidden.context().close();
    await save({ displayRules: { hideOnMobile: false, defaultAction: 'show', rules: [] } });
  });

  it('speaks Hebrew right to left for a Hebrew browser', async () => {
    const page = await visit('/', 'he-IL');
    const launcher = page.getByTestId('parley-launcher');
    await launcher.waitFor();
    await until(() => launcher.getAttribute('aria-label'), 'פתיחת צ׳אט');
    expect(await page.evaluate(() => document.querySelector('parley-widget')?.shadowRoot?.querySelector('.root')?.getAttribute('dir'))).toBe('rtl');
    // mirrored: the launcher sits on the left
    const box = await launcher.boundingBox();
    const width = await page.evaluate(() => window.innerWidth);
    expect(box && box.x + box.width / 2).toBeLessThan(width / 2);
    await launcher.click();
    await until(() => page.getByTestId('parley-input').getAttribute('placeholder'), 'הקלידו הודעה…');
    // the Hebrew texts came as their own file from the widget's origin (not the site's), once
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/widget/i18n/')));
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatch(new RegExp(`^${parley.server.url.replace(/[.]/g, '\\.')}/widget/i18n/he\\.json\\?v=[0-9a-f]{10}$`));
    await page.context().close();
  });

  it('an English browser fetches no language file; the API serves them to any site and refuses bad names', async () => {
    const page = await visit('/', 'en-US');
    const launcher = page.getByTestId('parley-launcher');
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/widget/i18n/')).length)).toBe(0);
    await page.context().close();

    const he = await fetch(`${parley.server.url}/widget/i18n/he.json`, { headers: { Origin: siteUrl } });
    expect(he.status).toBe(200);
    expect(he.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(he.headers.get('access-control-allow-origin')).toBe('*');
    expect(he.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(((await he.json()) as { open: string }).open).toBe('פתיחת צ׳אט');
    for (const bad of ['xx.json', 'en.json', 'he.js', '..%2F..%2Fpackage.json', '..%2Fwidget.js']) {
      expect([bad, (await fetch(`${parley.server.url}/widget/i18n/${bad}`)).status]).toEqual([bad, 404]);
    }
  });
});
