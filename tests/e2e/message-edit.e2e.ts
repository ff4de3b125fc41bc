import type { Page } from 'playwright-core';
import { useParley } from './harness';
import { graphql } from './helpers';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`;

/**
 * Issue #17, item 2 (SPEC A10) in a real browser: the agent edits their own last message — ArrowUp
 * in the empty composer, or the pencil on the bubble — with an "Editing message" bar, Enter to
 * save and Esc to cancel; a colleague and the visitor see the new text marked "edited", live; a
 * refused edit says why. Item 11: the widget says "Reconnecting…" (translated) while its
 * connection is down — the server restarting, or the browser going offline — and not after.
 */
describe('editing one’s last message, and the widget’s connection banner (Chromium)', () => {
  const parley = useParley();

  const visitorReply = (page: Page, text: string) => page.locator('[data-testid=parley-message][data-author=operator]', { hasText: text });

  it('ArrowUp and the pencil edit it, Esc cancels; the colleague and the visitor see "edited" live; a refused edit says why', async () => {
    const stamp = Date.now();
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const question = `Where is my parcel? ${stamp}`;
    await visitor.getByTestId('parley-input').fill(question);
    await visitor.getByTestId('parley-input').press('Enter');

    const annaCtx = await parley.browser.newContext();
    const anna = await annaCtx.newPage();
    await parley.signIn(anna, 'anna@demo.test');
    await anna.getByTestId('conversation-row').filter({ hasText: question }).click();
    await anna.getByTestId('message').filter({ hasText: question }).waitFor();
    const conversationId = /\/inbox\/([^/?]+)/.exec(anna.url())?.[1];
    expect(conversationId).toBeTruthy();
    const composer = anna.getByTestId('composer');
    await composer.fill(`It left on Mnoday ${stamp}`);
    await composer.press('Enter');
    const annasReply = anna.locator('[data-testid=message][data-author-type=operator]').filter({ hasText: `${stamp}` });
    await annasReply.filter({ hasText: 'Mnoday' }).waitFor();
    await visitorReply(visitor, `It left on Mnoday ${stamp}`).waitFor({ timeout: 15_000 });

    // a colleague (the admin, a supervisor) has the same conversation open
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/inbox/${conversationId}`);
    const adminSees = admin.getByTestId('message').filter({ hasText: `It left on` });
    await adminSees.filter({ hasText: 'Mnoday' }).waitFor();
    // the pencil is only on one's own last message: Anna has one, the admin none, the visitor's bubble none
    await anna.getByRole('button', { name: 'Edit your message' }).waitFor();
    expect(await anna.getByTestId('edit-message').count()).toBe(1);
    expect(await annasReply.getByTestId('edit-message').count()).toBe(1);
    expect(await admin.getByTestId('edit-message').count()).toBe(0);

    // 1. ArrowUp in the empty composer: the "Editing message" bar, the text in the box; Enter saves
    await composer.focus();
    await composer.press('ArrowUp');
    const bar = anna.getByTestId('composer-edit-bar');
    await bar.filter({ hasText: 'Editing message' }).waitFor();
    expect(await composer.inputValue()).toBe(`It left on Mnoday ${stamp}`);
    expect(await composer.getAttribute('aria-label')).toBe('Edit your message');
    await composer.fill(`It left on Monday ${stamp}`);
    await composer.press('Enter');
    await bar.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('');
    await annasReply.filter({ hasText: 'Monday' }).getByTestId('edited-mark').waitFor();
    // live for the colleague and the visitor, with the "edited" mark; the old text is gone
    await adminSees.filter({ hasText: `It left on Monday ${stamp}` }).getByTestId('edited-mark').waitFor({ timeout: 15_000 });
    const onWidget = visitorReply(visitor, `It left on Monday ${stamp}`);
    await onWidget.getByTestId('parley-edited').waitFor({ timeout: 15_000 });
    expect(await visitorReply(visitor, 'Mnoday').count()).toBe(0);
    expect(await admin.getByTestId('message').filter({ hasText: 'Mnoday' }).count()).toBe(0);

    // 2. the pencil, with a draft in the box: Esc cancels, nothing saved, the draft comes back
    await composer.fill('half a thought');
    await anna.getByRole('button', { name: 'Edit your message' }).click();
    await bar.waitFor();
    expect(await composer.inputValue()).toBe(`It left on Monday ${stamp}`);
    await composer.fill('this must not be saved');
    await composer.press('Escape');
    await bar.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('half a thought');
    expect(await annasReply.filter({ hasText: 'must not be saved' }).count()).toBe(0);

    // 3. the pencil again; the Save button saves
    await composer.fill('');
    await anna.getByRole('button', { name: 'Edit your message' }).click();
    await composer.fill(`It left on Monday morning ${stamp}`);
    await anna.getByRole('button', { name: 'Save edit' }).click();
    await bar.waitFor({ state: 'detached' });
    await adminSees.filter({ hasText: 'Monday morning' }).getByTestId('edited-mark').waitFor({ timeout: 15_000 });
    await visitorReply(visitor, `It left on Monday morning ${stamp}`).getByTestId('parley-edited').waitFor({ timeout: 15_000 });

    // 4. bad edits: an empty text is refused with a clear error, and Esc leaves it as it was
    await composer.press('ArrowUp');
    await composer.fill('   ');
    await composer.press('Enter');
    await anna.getByTestId('composer-error').filter({ hasText: 'An edited message cannot be empty' }).waitFor();
    expect(await bar.count()).toBe(1);
    await composer.press('Escape');
    await bar.waitFor({ state: 'detached' });

    // ... and while Anna edits, her other tab sends a newer message: the server refuses the old edit and the app says why
    await composer.press('ArrowUp');
    await composer.fill('too late');
    const { login } = await graphql(parley.server.url, LOGIN, { i: { email: 'anna@demo.test', password: 'parley-demo' } });
    await graphql(parley.server.url, SEND, { i: { conversationId, clientId: `tab2-${stamp}`, body: `From my other tab ${stamp}` } }, login.accessToken);
    await anna.getByTestId('message').filter({ hasText: 'From my other tab' }).waitFor({ timeout: 15_000 });
    await composer.press('Enter');
    await anna.getByTestId('composer-error').filter({ hasText: 'The edit was not saved. Only your last message can be edited.' }).waitFor();
    expect(await bar.count()).toBe(1);
    await composer.press('Escape');
    await bar.waitFor({ state: 'detached' });
    expect(await annasReply.filter({ hasText: 'too late' }).count()).toBe(0);
    expect(await visitorReply(visitor, 'too late').count()).toBe(0);
    // the pencil moved to the newest message
    expect(await anna.getByTestId('message').filter({ hasText: 'From my other tab' }).getByTestId('edit-message').count()).toBe(1);
    expect(await anna.getByTestId('edit-message').count()).toBe(1);

    await Promise.all([visitorCtx.close(), annaCtx.close(), adminCtx.close()]);
  });

  it('the widget says "Reconnecting…" in the visitor’s language while the browser is offline and while the server restarts, and not after', async () => {
    const stamp = Date.now();
    const visitorCtx = await parley.browser.newContext({ locale: 'pl-PL' });
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const input = visitor.getByTestId('parley-input');
    await input.fill(`Dzień dobry ${stamp}`);
    await input.press('Enter');
    const own = (text: string) => visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text });
    await own(`Dzień dobry ${stamp}`).getByText('Dostarczono').waitFor({ timeout: 15_000 });
    const banner = visitor.getByTestId('parley-connection');
    expect(await banner.getAttribute('role')).toBe('status');
    expect(await banner.getAttribute('aria-live')).toBe('polite');
    expect(await banner.isVisible()).toBe(false);
    expect(await banner.textContent()).toBe('');

    // the browser goes offline (the socket would hang "open"): the banner shows at once
    await visitorCtx.setOffline(true);
    await banner.filter({ hasText: 'Utracono połączenie. Łączenie ponownie…' }).waitFor({ timeout: 5_000 });
    // the composer works as before: the message waits and goes when the connection is back
    await input.fill(`Napisane bez sieci ${stamp}`);
    await input.press('Enter');
    await own(`Napisane bez sieci ${stamp}`).waitFor();
    await visitorCtx.setOffline(false);
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
    expect(await banner.textContent()).toBe('');
    await own(`Napisane bez sieci ${stamp}`).getByText('Dostarczono').waitFor({ timeout: 15_000 });

    // the server goes away and comes back
    const restarting = parley.server.restart();
    await banner.filter({ hasText: 'Utracono połączenie. Łączenie ponownie…' }).waitFor({ timeout: 15_000 });
    await restarting;
    await banner.waitFor({ state: 'hidden', timeout: 60_000 });
    await input.fill(`Po restarcie ${stamp}`);
    await input.press('Enter');
    await own(`Po restarcie ${stamp}`).getByText('Dostarczono').waitFor({ timeout: 15_000 });

    // the operator got each message once
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('conversation-row').filter({ hasText: `Po restarcie ${stamp}` }).click();
    await agent.getByTestId('message').filter({ hasText: `Po restarcie ${stamp}` }).waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('message').filter({ hasText: `Napisane bez sieci ${stamp}` }).count()).toBe(1);
    await Promise.all([visitorCtx.close(), agentCtx.close()]);
  });
});
