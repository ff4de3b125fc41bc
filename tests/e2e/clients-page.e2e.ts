import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';
import { graphql, until } from './helpers';

/**
 * Issue #11 (E2) in a real browser: the Clients page next to the inbox — filter by a tag and by
 * free text, page with "Load more", open a client's card with its conversations; a client another
 * operator renames updates its row live.
 */
describe('Clients page (Chromium, issue #11)', () => {
  const parley = useParley();
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  const newPage = async (): Promise<Page> => {
    const ctx = await parley.browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(ctx);
    return ctx.newPage();
  };
  const names = (page: Page) => page.getByTestId('client-name').allTextContents();

  it('filters by tag and text, loads more, opens a client with its conversations, and follows a rename live', async () => {
    const [ws] = await parley.server.sql<{ id: string }>(`SELECT id FROM workspaces WHERE slug = 'demo'`);
    const [tag] = await parley.server.sql<{ id: string }>(`INSERT INTO tags (workspace_id, name) VALUES ($1, 'e2e-vip') RETURNING id`, [ws.id]);
    // 45 clients newer than anything the demo has, "Pager 44" the newest
    const ids = (
      await parley.server.sql<{ id: string }>(
        `INSERT INTO contacts (workspace_id, name, email, created_at) SELECT $1, 'Pager ' || g, 'pager' || g || '@example.com', now() + g * interval '1 second'
           FROM generate_series(0, 44) g ORDER BY g RETURNING id`,
        [ws.id],
      )
    ).map((r) => r.id);
    for (const i of [3, 7, 40]) await parley.server.sql(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [ids[i], tag.id, ws.id]);
    const [channel] = await parley.server.sql<{ id: string }>(`SELECT id FROM channels WHERE workspace_id = $1 ORDER BY created_at LIMIT 1`, [ws.id]);
    await parley.server.sql(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_message_preview, last_message_at) VALUES ($1, $2, $3, 'open', 'Where is my order?', now())`, [ws.id, channel.id, ids[40]]);

    const page = await newPage();
    await parley.signIn(page, 'olga@demo.test'); // an observer reads the list too
    await page.getByTestId('nav-clients').click();
    await page.waitForURL(/\/clients$/);
    await page.getByTestId('clients-table').waitFor();
    await until(async () => (await names(page)).length, 30);
    expect((await names(page)).slice(0, 3)).toEqual(['Pager 44', 'Pager 43', 'Pager 42']);

    // Load more: the next page follows, without duplicates
    await page.getByTestId('clients-load-more').click();
    await until(async () => (await names(page)).length > 30, true);
    const all = await names(page);
    expect(new Set(all).size).toBe(all.length);
    expect(all.indexOf('Pager 14')).toBe(30);

    // by tag
    await page.getByRole('checkbox', { name: 'e2e-vip' }).check();
    await until(() => names(page), ['Pager 40', 'Pager 7', 'Pager 3']);
    // and free text on top of it
    await page.getByTestId('clients-query').fill('pager7@');
    await until(() => names(page), ['Pager 7']);
    await page.getByTestId('clients-query').fill('nobody-here');
    await page.getByTestId('clients-empty').waitFor();
    await page.getByTestId('clients-query').fill('');
    await until(() => names(page), ['Pager 40', 'Pager 7', 'Pager 3']);

    // open a client: the card and its conversation, which links into the inbox
    await page.getByTestId('client-open').first().click();
    await page.getByTestId('client-card-name').filter({ hasText: 'Pager 40' }).waitFor();
    const conversation = page.getByTestId('client-card-conversation');
    await conversation.filter({ hasText: 'Where is my order?' }).waitFor();
    expect(await conversation.getAttribute('href')).toMatch(/^\/inbox\/[0-9a-f-]{36}$/);

    // another operator renames the client: the row and the open card follow live
    const annaToken = (await graphql(parley.server.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'anna@demo.test', password: 'parley-demo' } })).login.accessToken;
    await graphql(parley.server.url, `mutation($i: SetContactNameInput!) { setContactName(input: $i) { id name } }`, { i: { contactId: ids[40], firstName: 'Renamed', lastName: 'Live' } }, annaToken);
    await until(() => names(page), ['Renamed Live', 'Pager 7', 'Pager 3']);
    await page.getByTestId('client-card-name').filter({ hasText: 'Renamed Live' }).waitFor();
  });
});
