import { useParley } from './harness';
import { graphql } from './helpers';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const RAW_KEY = /\b[a-z]+\.[a-z]+_[a-z_]+\b|\bgroup\.created\b/;

/**
 * SPEC F4 / issue #17 item 8 in Chromium: the admin changes Boris's working hours and creates a
 * group; the audit log reads them as sentences with names (no raw key, UUID or [object Object]),
 * filters by action and actor (kept in the URL over a reload), pages with Load more, shows bad
 * filters as a form error, and gets new entries live.
 */
describe('audit log (Chromium)', () => {
  const parley = useParley();

  it('reads as sentences with names, filters, pages and follows new entries live', async () => {
    const url = parley.server.url;
    const login = async (email: string) => (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: 'parley-demo' } })).login.accessToken as string;
    const [adminToken, annaToken] = await Promise.all([login('admin@demo.test'), login('anna@demo.test')]);

    // enough older entries for a second page
    for (let i = 1; i <= 52; i++) await graphql(url, `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`, { i: { name: `Bulk ${String(i).padStart(2, '0')}` } }, adminToken);

    const ctx = await parley.browser.newContext();
    const admin = await ctx.newPage();
    await parley.signIn(admin, 'admin@demo.test');

    // the admin sets Boris's working hours and creates a group, on their screens
    await admin.goto(`${url}/admin/groups`);
    const boris = admin.getByTestId('operator-boris@demo.test');
    await boris.waitFor();
    const hours = boris.getByRole('checkbox', { name: 'Working hours' });
    if (!(await hours.isChecked())) await hours.check();
    await boris.getByLabel('Time zone', { exact: true }).fill('Europe/Warsaw');
    await boris.getByLabel('From', { exact: true }).fill('09:00');
    await boris.getByLabel('To', { exact: true }).fill('17:00');
    await boris.getByRole('button', { name: 'Save' }).click();
    await boris.getByText('Saved').waitFor();
    await admin.getByTestId('new-group-name').fill('Audit Sales');
    await admin.getByTestId('create-group').click();
    await admin.getByTestId('group-Audit Sales').waitFor();

    // Anna acts too (her own password)
    await graphql(url, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, { i: { currentPassword: 'parley-demo', newPassword: 'parley-demo' + '-2' } }, annaToken);

    await admin.getByTestId('admin-nav-audit').click();
    await admin.waitForURL(/\/admin\/audit$/);
    const sentences = admin.getByTestId('audit-sentence');
    await sentences.filter({ hasText: 'Alex Admin changed Boris Petrov’s working hours to Mon–Fri 9:00–17:00 (Europe/Warsaw)' }).waitFor();
    await sentences.filter({ hasText: /^Alex Admin created the group Audit Sales$/ }).waitFor();
    await sentences.filter({ hasText: /^Anna Nowak changed their password$/ }).waitFor();
    const shown = await admin.locator('ol.entries').innerText();
    expect(shown).not.toMatch(UUID);
    expect(shown).not.toContain('[object Object]');
    expect(shown).not.toMatch(RAW_KEY);

    // Load more: the next page follows, with no entry twice
    expect(await admin.getByTestId('audit-row').count()).toBe(50);
    await admin.getByTestId('audit-load-more').click();
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=audit-row]').length > 50);
    const ids = await admin.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);
    await admin.getByTestId('audit-sentence').filter({ hasText: /^Alex Admin created the group Bulk 01$/ }).waitFor();

    // filter by action: only working-hours changes, in the URL, kept after a reload
    await admin.getByTestId('audit-filter-action').click();
    await admin.getByRole('option', { name: 'Working hours / chat limit changed' }).click();
    await admin.waitForURL(/action=operator\.routing_changed/);
    await admin.getByTestId('audit-row').first().waitFor();
    await admin.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=audit-row]')).every((r) => r.getAttribute('data-action') === 'operator.routing_changed'));
    expect(await admin.getByTestId('audit-row').count()).toBe(1);
    await admin.reload();
    await admin.getByTestId('audit-filter-action').filter({ hasText: 'Working hours / chat limit changed' }).waitFor();
    await admin.getByTestId('audit-sentence').filter({ hasText: 'Boris Petrov’s working hours' }).waitFor();
    expect(await admin.getByTestId('audit-row').count()).toBe(1);

    // filter by actor: Anna did no routing change (empty state); with any action, her password change
    await admin.getByTestId('audit-filter-actor').click();
    await admin.getByRole('option', { name: 'Anna Nowak' }).click();
    await admin.getByTestId('audit-empty').filter({ hasText: 'Nothing matches these filters.' }).waitFor();
    await admin.getByTestId('audit-filter-action').click();
    await admin.getByRole('option', { name: 'Any action' }).click();
    await admin.getByTestId('audit-sentence').filter({ hasText: 'Anna Nowak changed their password' }).waitFor();
    expect(await admin.getByTestId('audit-row').count()).toBe(1);
    expect(admin.url()).toMatch(/actor=[0-9a-f-]{36}/);
    expect(admin.url()).not.toMatch(/action=/);

    // bad filters: a visible form error, not a crash
    await admin.getByTestId('audit-filter-clear').click();
    await admin.getByTestId('audit-filter-from').fill('2026-12-05');
    await admin.getByTestId('audit-filter-from').dispatchEvent('change');
    await admin.getByTestId('audit-filter-to').fill('2026-12-01');
    await admin.getByTestId('audit-filter-to').dispatchEvent('change');
    await admin.getByTestId('audit-filter-error').filter({ hasText: 'To: must be after from' }).waitFor();
    await admin.goto(`${url}/admin/audit?from=yesterday`);
    await admin.getByTestId('audit-filter-error').filter({ hasText: 'From: not a date' }).waitFor();
    expect(await admin.getByTestId('audit-row').count()).toBe(0);

    // live: a new entry shows on top without a reload
    await admin.goto(`${url}/admin/audit`);
    await admin.getByTestId('audit-row').first().waitFor();
    await admin.waitForTimeout(500);
    await graphql(url, `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`, { i: { name: 'Live <i>group</i>' } }, adminToken);
    const top = admin.getByTestId('audit-sentence').first();
    await top.filter({ hasText: 'Alex Admin created the group Live <i>group</i>' }).waitFor({ timeout: 10_000 });
    // the name is text, not markup
    expect(await admin.locator('ol.entries i').count()).toBe(0);

    await ctx.close();
  });
});
