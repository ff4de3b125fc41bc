import { createHmac } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';
import { graphql, until } from './helpers';

const login = async (url: string, email: string): Promise<string> =>
  (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: 'parley-demo' } })).login.accessToken;

/**
 * Issue #17, items 5–7: what operators see follows the server live, without a reload — the unread
 * dot and the view badges clear when the agent opens the chat (in his other tab too) and come back
 * with the customer's next message; the side panel's timeline follows the status, and
 * `Parley.identify` moving the chat to a known contact updates the title, the row and the panel;
 * the agent who lost the take race gets the state the winner left (read-only, "Taken by Anna
 * Nowak"), and a Take that raced says who won instead of "Reload and try again".
 */
describe('live state of the inbox (Chromium, issue #17)', () => {
  const parley = useParley();
  const wide = { viewport: { width: 1440, height: 900 } };
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  const newPage = async (options = wide): Promise<Page> => {
    const ctx = await parley.browser.newContext(options);
    contexts.push(ctx);
    return ctx.newPage();
  };

  /** A visitor on the demo shop who sends `text`; the page stays open for more. */
  const visitorSays = async (text: string, page?: Page): Promise<Page> => {
    const visitor = page ?? (await newPage({ viewport: { width: 1280, height: 900 } }));
    if (!page) {
      await visitor.goto(`${parley.server.url}/demo`);
      await visitor.getByTestId('parley-launcher').click();
    }
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text }).waitFor({ timeout: 15_000 });
    return visitor;
  };

  const badge = async (page: Page, view: string): Promise<number> => {
    const el = page.getByTestId(`badge-${view}`);
    return (await el.count()) ? Number((await el.innerText()).trim()) : 0;
  };
  const rowOf = (page: Page, id: string) => page.locator(`[data-testid=conversation-row][data-conversation-id="${id}"]`);
  const dots = (page: Page, id: string) => rowOf(page, id).locator('.unread-dot').count();

  it('opening the chat clears its unread dot and the badges in this tab and the other; the next customer message sets them again', async () => {
    const tab1 = await newPage();
    await parley.signIn(tab1, 'anna@demo.test');
    const tab2 = await tab1.context().newPage();
    await tab2.goto(`${parley.server.url}/inbox`);
    await tab2.getByTestId('current-operator').waitFor();

    const text = `Do you ship to Gdańsk? ${Date.now()}`;
    const visitor = await visitorSays(text);
    const row = tab1.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    const id = (await row.getAttribute('data-conversation-id')) as string;
    for (const tab of [tab1, tab2]) await until(() => dots(tab, id), 1);
    // the badges show the server's count, this chat included
    const token = await login(parley.server.url, 'anna@demo.test');
    const counts = async () => Object.fromEntries((await graphql(parley.server.url, `query { inboxCounts { view unread } }`, {}, token)).inboxCounts.map((c: any) => [c.view, c.unread]));
    const before = await counts();
    const all = before['all'] as number;
    expect(all).toBeGreaterThanOrEqual(1);
    for (const tab of [tab1, tab2]) await until(() => badge(tab, 'all'), all);

    await row.click();
    await tab1.getByTestId('message').filter({ hasText: text }).waitFor();
    // the server marked it read: the dot and the badges follow at once, in both tabs, no reload
    for (const tab of [tab1, tab2]) {
      await until(() => dots(tab, id), 0);
      await until(() => badge(tab, 'all'), all - 1);
    }

    // Anna moves on to another chat; the customer writes again: unread again, live
    await tab1.locator(`[data-testid=conversation-row]:not([data-conversation-id="${id}"])`).first().click();
    await tab1.waitForURL((u) => !u.pathname.endsWith(id));
    await visitorSays(`And to Sopot? ${Date.now()}`, visitor);
    for (const tab of [tab1, tab2]) await until(() => dots(tab, id), 1);
    const after = (await counts())['all'];
    for (const tab of [tab1, tab2]) await until(() => badge(tab, 'all'), after);
  });

  it('the side panel follows the status live, and Parley.identify moves the open chat to the known contact everywhere', async () => {
    const url = parley.server.url;
    const admin = await login(url, 'admin@demo.test');
    const secret = (await graphql(url, `query { channels { id publicKey } }`, {}, admin)).channels.find((c: any) => c.publicKey === 'demo-webchat');
    const identitySecret = (await graphql(url, `query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: secret.id }, admin)).webchatIdentitySecret as string;
    const email = `jan.${Date.now()}@example.com`;
    const hash = createHmac('sha256', identitySecret).update(email).digest('hex');
    const identify = (page: Page) => page.evaluate((d) => (window as any).Parley.identify(d), { email, name: 'Jan Kowalski', hash });

    // a known contact: Jan chatted before, identified by the shop; the admin gave him a tag and an owner
    const earlier = `Earlier question about a lamp ${Date.now()}`;
    const janBefore = await newPage();
    await janBefore.goto(`${url}/demo`);
    await janBefore.getByTestId('parley-launcher').click();
    await identify(janBefore);
    await visitorSays(earlier, janBefore);
    let earlierId = '';
    await until(async () => {
      const list = (await graphql(url, `query { conversations(view: all, first: 50) { nodes { id lastMessagePreview contact { email } } } }`, {}, admin)).conversations.nodes;
      earlierId = list.find((c: any) => c.lastMessagePreview === earlier)?.id ?? '';
      return list.find((c: any) => c.id === earlierId)?.contact?.email ?? null;
    }, email);
    const boris = (await graphql(url, `query { operators { id email } }`, {}, admin)).operators.find((o: any) => o.email === 'boris@demo.test');
    await graphql(url, `mutation($i: TagContactInput!) { tagContact(input: $i) { id } }`, { i: { conversationId: earlierId, name: 'vip-lamps' } }, admin);
    await graphql(url, `mutation($i: SetContactOwnerInput!) { setContactOwner(input: $i) { id } }`, { i: { conversationId: earlierId, ownerId: boris.id } }, admin);
    await janBefore.context().close();

    // now an anonymous visitor (Jan, not logged in to the shop yet) asks; Anna opens the chat
    const anna = await newPage();
    await parley.signIn(anna, 'anna@demo.test');
    const text = `Is the lamp back in stock? ${Date.now()}`;
    const visitor = await visitorSays(text);
    await anna.getByTestId('conversation-row').filter({ hasText: text }).click();
    await anna.getByTestId('message').filter({ hasText: text }).waitFor();
    const current = anna.locator('[data-testid=timeline-item].current .status');
    await until(() => current.innerText(), 'Queued');
    expect(await anna.getByTestId('contact-name').innerText()).not.toBe('Jan Kowalski');

    // the status in the timeline follows the header: Open after Take, Closed after Close
    await anna.getByTestId('take').click();
    await until(() => anna.getByTestId('conversation-status').innerText(), 'Open');
    await until(() => current.innerText(), 'Open');

    // the shop identifies the visitor: the chat moves to Jan's contact, live on Anna's screen
    await identify(visitor);
    await until(() => anna.locator('#conversation-title').innerText(), 'Jan Kowalski');
    await until(() => anna.getByTestId('contact-name').innerText(), 'Jan Kowalski');
    await until(() => anna.getByTestId('conversation-row').filter({ hasText: text }).locator('.name').innerText(), 'Jan Kowalski');
    await until(() => anna.getByTestId('contact-tag').allInnerTexts().then((t) => t.map((s) => s.replace('×', '').trim())), ['vip-lamps']);
    await until(() => anna.getByTestId('contact-owner-select').evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent?.trim()), 'Boris Petrov');
    // Jan's timeline: this chat and the earlier one
    await until(() => anna.getByTestId('timeline-item').count(), 2);
    await anna.getByTestId('timeline-item').filter({ hasText: earlier }).waitFor();

    await anna.getByTestId('close').click();
    await until(() => anna.getByTestId('conversation-status').innerText(), 'Closed');
    await until(() => current.innerText(), 'Closed');
  });

  it('the race loser gets the state the winner left: read-only with "Taken by Anna Nowak"; a Take that raced says who won', async () => {
    const anna = await newPage();
    await parley.signIn(anna, 'anna@demo.test');
    const boris = await newPage();
    // Boris's live events can be held back, so his screen does not know yet when he clicks Take
    let hold = false;
    const held: Array<() => void> = [];
    await boris.routeWebSocket(/\/graphql/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((m) => {
        const isEvent = typeof m === 'string' && m.includes('"type":"next"');
        if (hold && isEvent) held.push(() => ws.send(m));
        else ws.send(m);
      });
      ws.onMessage((m) => server.send(m));
    });
    await parley.signIn(boris, 'boris@demo.test');

    const openBoth = async (text: string) => {
      await visitorSays(text);
      for (const page of [anna, boris]) {
        await page.getByTestId('conversation-row').filter({ hasText: text }).click();
        await page.getByTestId('message').filter({ hasText: text }).waitFor();
        await page.getByTestId('take').waitFor();
      }
    };

    // 1. Anna takes while Boris looks at it: his view switches at once, without a click
    await openBoth(`Which size is the blue sofa? ${Date.now()}`);
    await anna.getByTestId('take').click();
    await until(() => anna.getByTestId('conversation-assignee').innerText(), 'Assigned to Anna Nowak');
    await until(() => boris.getByTestId('taken-by').innerText().then((t) => t.startsWith('Taken by Anna Nowak')), true);
    expect(await boris.getByTestId('conversation-assignee').innerText()).toBe('Assigned to Anna Nowak');
    for (const gone of ['composer', 'take', 'close', 'mark-pending', 'snooze']) expect(await boris.getByTestId(gone).count()).toBe(0);

    // 2. Boris clicks Take before his screen heard of Anna's: he is told who won, and the view follows
    await openBoth(`Do you have the red one too? ${Date.now()}`);
    hold = true;
    await anna.getByTestId('take').click();
    await until(() => anna.getByTestId('conversation-assignee').innerText(), 'Assigned to Anna Nowak');
    expect(await boris.getByTestId('composer').count()).toBe(1);
    await boris.getByTestId('take').click();
    const alert = boris.locator('.banner.error[role=alert]');
    await until(() => alert.innerText(), 'Anna Nowak took this conversation');
    expect(await alert.innerText()).not.toMatch(/reload/i);
    await until(() => boris.getByTestId('taken-by').count(), 1);
    expect(await boris.getByTestId('conversation-assignee').innerText()).toBe('Assigned to Anna Nowak');
    for (const gone of ['composer', 'take', 'close']) expect(await boris.getByTestId(gone).count()).toBe(0);
    hold = false;
    held.splice(0).forEach((send) => send());
    // Anna keeps her chat: composer and Close
    await anna.getByTestId('composer').waitFor();
    await anna.getByTestId('close').waitFor();

    // 3. the same with a reply (replying takes a queued chat): it fails saying who has the chat
    await openBoth(`Can you hold one for me? ${Date.now()}`);
    hold = true;
    await anna.getByTestId('take').click();
    await until(() => anna.getByTestId('conversation-assignee').innerText(), 'Assigned to Anna Nowak');
    await boris.getByTestId('composer').fill('Sure, I can hold it');
    await boris.getByTestId('composer').press('Enter');
    const failed = boris.locator('[data-testid=message][data-state=failed]', { hasText: 'Sure, I can hold it' });
    await until(() => failed.getByRole('alert').innerText().then((t) => t.includes('Anna Nowak took this conversation')), true);
    await until(() => boris.getByTestId('taken-by').count(), 1);
    expect(await boris.getByTestId('composer').count()).toBe(0);
    hold = false;
    held.splice(0).forEach((send) => send());
  });
});
