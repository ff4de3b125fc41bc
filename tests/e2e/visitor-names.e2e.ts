import { createHmac } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';
import { graphql, until } from './helpers';

const PSEUDONYM = /^[A-Z][a-z]+ [A-Z][a-z]+ #[0-9A-F]{4}$/;
const login = async (url: string, email: string): Promise<string> =>
  (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: 'parley-demo' } })).login.accessToken;

/**
 * Issue #17 items 10 and 11 in a real browser: two anonymous visitors are told apart by stable,
 * readable names ("Teal Otter #4F2A") and avatar colours in the inbox list, the conversation
 * header and the side panel, the same after a reload; the real name replaces the pseudonym once
 * the visitor is identified; a search for the shown name finds the conversation, a transfer
 * notification names it the same way; and transcripts
 * keep the author and the time apart ("Teal Otter #4F2A 07:31", never "Teal Otter #4F2A07:31").
 */
describe('visitor names (Chromium)', () => {
  const parley = useParley();

  async function visitorSays(text: string): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await parley.browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${parley.server.url}/demo`);
    await page.getByTestId('parley-launcher').click();
    await page.getByTestId('parley-input').fill(text);
    await page.getByTestId('parley-input').press('Enter');
    await page.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text }).first().waitFor();
    return { ctx, page };
  }

  const rowName = (page: Page, text: string) => page.getByTestId('conversation-row').filter({ hasText: text }).locator('.name');
  const rowAvatar = (page: Page, text: string) => page.getByTestId('conversation-row').filter({ hasText: text }).getByTestId('contact-avatar');
  const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

  it('tells two anonymous visitors apart everywhere, keeps the names over a reload, replaces one by the real name, and separates name and time in transcripts', async () => {
    const url = parley.server.url;
    const stamp = Date.now();
    const first = `First visitor asks about sofas ${stamp}`;
    const second = `Second visitor asks about lamps ${stamp}`;
    const one = await visitorSays(first);
    const two = await visitorSays(second);

    const agentCtx = await parley.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('view-queue').click();
    await rowName(agent, first).waitFor({ timeout: 15_000 });
    await rowName(agent, second).waitFor({ timeout: 15_000 });
    const nameOne = clean(await rowName(agent, first).textContent());
    const nameTwo = clean(await rowName(agent, second).textContent());
    expect(nameOne).toMatch(PSEUDONYM);
    expect(nameTwo).toMatch(PSEUDONYM);
    expect(nameOne).not.toBe(nameTwo);
    // the avatars: initials of the pseudonym on the colour its adjective names, and no text of their own
    const colourOne = await rowAvatar(agent, first).getAttribute('data-color');
    expect(colourOne).toMatch(/^#[0-9a-f]{6}$/);
    expect(await rowAvatar(agent, first).getAttribute('data-initials')).toBe(nameOne.split(' ').slice(0, 2).map((w) => w[0]).join(''));
    expect(await rowAvatar(agent, first).evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(clean(await rowAvatar(agent, first).textContent())).toBe('');

    // header and side panel name it the same
    await agent.getByTestId('conversation-row').filter({ hasText: first }).click();
    const title = agent.locator('#conversation-title');
    await title.filter({ hasText: nameOne }).waitFor();
    expect(clean(await title.textContent())).toBe(nameOne);
    expect(clean(await agent.getByTestId('contact-name').first().textContent())).toBe(nameOne);
    expect(await agent.locator('.thread-header').getByTestId('contact-avatar').getAttribute('data-color')).toBe(colourOne);

    // the bubble: author and time are separate elements, with a space between them in the text and on screen
    const bubble = agent.locator('[data-testid=message][data-author-type=visitor]', { hasText: first }).first();
    await bubble.waitFor();
    const header = clean(await bubble.locator('header').textContent());
    expect(header).toMatch(new RegExp(`^${nameOne.replace('#', '\\#')} \\d{2}:\\d{2}$`));
    const gapOf = (scope: typeof bubble) =>
      scope.evaluate((el) => {
        const a = el.querySelector('.author')!.getBoundingClientRect();
        const t = el.querySelector('time')!.getBoundingClientRect();
        return t.left - a.right;
      });
    expect(await gapOf(bubble.locator('header'))).toBeGreaterThanOrEqual(4);

    // a search for the shown name finds the conversation
    await agent.locator('body').press('/');
    await agent.getByTestId('search-input').fill(nameTwo);
    const hit = agent.getByTestId('search-hit').filter({ hasText: nameTwo });
    await hit.first().waitFor({ timeout: 15_000 });
    expect(clean(await hit.first().locator('.who').textContent())).toBe(nameTwo);
    await agent.getByTestId('search-input').press('Escape');

    // the same names after a reload
    await agent.reload();
    await rowName(agent, first).waitFor({ timeout: 15_000 });
    expect(clean(await rowName(agent, first).textContent())).toBe(nameOne);
    expect(clean(await rowName(agent, second).textContent())).toBe(nameTwo);
    await title.filter({ hasText: nameOne }).waitFor();
    expect(clean(await agent.getByTestId('contact-name').first().textContent())).toBe(nameOne);

    // the first visitor is identified by the site: the real name replaces the pseudonym (the avatar keeps its colour)
    const admin = await login(url, 'admin@demo.test');
    const { channels } = await graphql(url, `query { channels { id publicKey } }`, {}, admin);
    const channel = channels.find((c: { publicKey: string }) => c.publicKey === 'demo-webchat');
    const secret = (await graphql(url, `query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channel.id }, admin)).webchatIdentitySecret;
    const email = `irena.${stamp}@example.com`;
    const hash = createHmac('sha256', secret).update(email).digest('hex');
    await one.page.evaluate(({ email, hash }) => (window as unknown as { Parley: { identify(d: object): void } }).Parley.identify({ email, name: 'Irena Kowalska', hash }), { email, hash });
    const token = await login(url, 'anna@demo.test');
    const conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(agent.url())![1];
    await until(async () => (await graphql(url, `query($id: ID!) { conversation(id: $id) { contact { displayName } } }`, { id: conversationId }, token)).conversation.contact.displayName, 'Irena Kowalska');
    await agent.reload();
    await rowName(agent, first).filter({ hasText: 'Irena Kowalska' }).waitFor({ timeout: 15_000 });
    expect(clean(await rowName(agent, second).textContent())).toBe(nameTwo);
    await title.filter({ hasText: 'Irena Kowalska' }).waitFor();
    expect(clean(await agent.getByTestId('contact-name').first().textContent())).toBe('Irena Kowalska');
    expect(await rowAvatar(agent, first).getAttribute('data-initials')).toBe('IK');
    expect(await rowAvatar(agent, first).getAttribute('data-color')).toBe(colourOne);
    const named = agent.locator('[data-testid=message][data-author-type=visitor]', { hasText: first }).first();
    expect(clean(await named.locator('header').textContent())).toMatch(/^Irena Kowalska \d{2}:\d{2}$/);

    // the history transcript of the second (anonymous) conversation: name and time apart
    const secondId = (await graphql(url, `query($q: String!) { search(query: $q, first: 5) { nodes { conversationId } } }`, { q: `"${second}"` }, token)).search.nodes[0].conversationId;
    await agent.goto(`${url}/history/${secondId}`);
    const line = agent.getByTestId('transcript-message').filter({ hasText: second }).first();
    await line.waitFor({ timeout: 15_000 });
    expect(clean(await line.locator('.meta').textContent())).toMatch(new RegExp(`^${nameTwo.replace('#', '\\#')} \\d{2}:\\d{2}$`));
    expect(await line.locator('.meta').evaluate((el) => el.querySelector('time')!.getBoundingClientRect().left - el.querySelector('.author')!.getBoundingClientRect().right)).toBeGreaterThanOrEqual(4);
    expect(clean(await agent.locator('#transcript-title').textContent())).toBe(`Transcript · ${nameTwo}`);

    // Anna takes the second chat and transfers it to Boris: his notification names the visitor the same way
    const take = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
    await graphql(url, take, { i: { conversationId: secondId } }, token);
    const borisToken = await login(url, 'boris@demo.test');
    const borisId = (await graphql(url, `query { me { id } }`, {}, borisToken)).me.id;
    const borisCtx = await parley.browser.newContext();
    const boris = await borisCtx.newPage();
    await parley.signIn(boris, 'boris@demo.test');
    await graphql(url, `mutation($i: TransferConversationInput!) { transferConversation(input: $i) { id } }`, { i: { conversationId: secondId, operatorId: borisId } }, token);
    await boris.getByTestId('notifications').click();
    const note = boris.getByTestId('notification').filter({ hasText: 'transferred' }).first();
    await note.waitFor({ timeout: 15_000 });
    expect(clean(await note.locator('.line').textContent())).toBe(`Anna Nowak transferred the conversation with ${nameTwo} to you`);

    await Promise.all([one.ctx.close(), two.ctx.close(), agentCtx.close(), borisCtx.close()]);
  });
});
