import { useParley } from './harness';
import { headerAction } from './helpers';

/**
 * Issue 4 in a real browser: the agent manages a quick reply, inserts it with `/` (variables
 * filled, unknown ones empty), writes a private note with an @mention that the visitor never sees,
 * and invites a second agent, who is notified, opens the conversation and sees the note; the
 * visitor sees who joined.
 */
describe('agent tools (Chromium)', () => {
  const parley = useParley();

  it('quick reply with /, a note the visitor never sees, inviting a second agent who then sees the conversation', async () => {
    const stamp = Date.now();
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');

    // the management screen: a bad shortcut is refused with a visible error, a good one is saved
    await agent.getByTestId('nav-quick-replies').click();
    await agent.waitForURL(/\/settings\/quick-replies/);
    await agent.getByTestId('qr-shortcut').fill('has space');
    await agent.getByTestId('qr-body').fill('x');
    await agent.getByTestId('qr-save').click();
    await agent.getByTestId('qr-error').filter({ hasText: 'shortcut' }).waitFor();
    await agent.getByTestId('qr-shortcut').fill('greet');
    await agent.getByTestId('qr-body').fill('Hello {{client.name}}, I am {{operator.name}}. How can I help?');
    await agent.getByTestId('qr-save').click();
    await agent.getByTestId('qr-item').filter({ hasText: '/greet' }).waitFor();

    // a visitor writes
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const question = `Do you have size 44? ${stamp}`;
    await visitor.getByTestId('parley-input').fill(question);
    await visitor.getByTestId('parley-input').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: question }).waitFor();

    await agent.goto(`${parley.server.url}/inbox`);
    await agent.getByTestId('conversation-row').filter({ hasText: question }).click();
    await agent.getByTestId('message').filter({ hasText: question }).waitFor();

    // `/` at the start opens the list; typing filters; Esc closes it; Enter inserts the reply
    const composer = agent.getByTestId('composer');
    await composer.click();
    await composer.pressSequentially('/gr');
    const suggestion = agent.getByTestId('suggestion').filter({ hasText: '/greet' });
    await suggestion.waitFor();
    expect(await composer.getAttribute('aria-expanded')).toBe('true');
    await composer.press('Escape');
    await agent.getByTestId('composer-suggestions').waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('/gr');
    await composer.pressSequentially('e');
    await suggestion.waitFor();
    await composer.press('Enter');
    // the anonymous visitor has no name: the variable becomes empty, never "undefined"
    expect(await composer.inputValue()).toBe('Hello , I am Anna Nowak. How can I help?');
    await composer.press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: 'I am Anna Nowak. How can I help?' }).waitFor({ timeout: 15_000 });

    // a private note with an @mention (autocomplete of operators), shown as a note, never to the visitor
    await agent.getByTestId('mode-note').click();
    const secret = `internal ${stamp}: check the stock in the warehouse`;
    await composer.pressSequentially('@Ale');
    await agent.getByTestId('suggestion').filter({ hasText: '@Alex Admin' }).waitFor();
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe('@Alex Admin ');
    await composer.pressSequentially(secret);
    await composer.press('Enter');
    await agent.getByTestId('note').filter({ hasText: secret }).waitFor();
    expect(await agent.getByTestId('message').filter({ hasText: secret }).count()).toBe(0);

    // invite Boris; the visitor sees who joined
    await headerAction(agent, 'invite');
    await agent.getByTestId('invite-option').filter({ hasText: 'Boris Petrov' }).click();
    await agent.getByTestId('participants').filter({ hasText: 'Boris Petrov' }).waitFor();
    await visitor.locator('[data-testid=parley-message][data-author=system]', { hasText: 'Boris Petrov joined' }).waitFor({ timeout: 15_000 });

    // Boris is notified, opens it from the notification and sees the thread with the note
    const borisCtx = await parley.browser.newContext();
    const boris = await borisCtx.newPage();
    await parley.signIn(boris, 'boris@demo.test');
    // the list preview is the last customer or operator message, not the "joined" line (issue #17)
    await boris.getByTestId('conversation-row').filter({ hasText: 'I am Anna Nowak. How can I help?' }).waitFor({ timeout: 15_000 });
    await boris.getByTestId('notifications').click();
    await boris.getByTestId('notification').filter({ hasText: 'invited you' }).click();
    await boris.getByTestId('message').filter({ hasText: question }).waitFor({ timeout: 15_000 });
    await boris.getByTestId('note').filter({ hasText: secret }).waitFor();

    // the visitor never received the note, even after a reload (replay from the server)
    await visitor.reload();
    await visitor.getByTestId('parley-launcher').click();
    await visitor.locator('[data-testid=parley-message]', { hasText: question }).waitFor({ timeout: 15_000 });
    await visitor.locator('[data-testid=parley-message][data-author=system]', { hasText: 'Boris Petrov joined' }).waitFor();
    expect(await visitor.getByText(secret).count()).toBe(0);

    await borisCtx.close();
    await agentCtx.close();
    await visitorCtx.close();
  });
  it('transfers a conversation: the colleague gets it live with a notification, it leaves the agent\'s list', async () => {
    const stamp = Date.now();
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const question = `Can someone check my refund? ${stamp}`;
    await visitor.getByTestId('parley-input').fill(question);
    await visitor.getByTestId('parley-input').press('Enter');

    const [annaCtx, borisCtx] = await Promise.all([parley.browser.newContext(), parley.browser.newContext()]);
    const [anna, boris] = await Promise.all([annaCtx.newPage(), borisCtx.newPage()]);
    await parley.signIn(anna, 'anna@demo.test');
    await parley.signIn(boris, 'boris@demo.test');
    await anna.getByTestId('conversation-row').filter({ hasText: question }).click();
    await anna.getByTestId('take').click();
    await anna.getByTestId('conversation-status').filter({ hasText: /open/i }).waitFor();
    // taken by Anna: gone from Boris's list
    await boris.getByTestId('conversation-row').filter({ hasText: question }).waitFor({ state: 'detached', timeout: 15_000 });
    // the client timeline in the side panel lists this conversation as the current one
    await anna.locator('[data-testid=timeline-item] a[aria-current=page]').waitFor();

    await headerAction(anna, 'transfer');
    await anna.getByTestId('transfer-option').filter({ hasText: 'Boris Petrov' }).click();
    await anna.getByTestId('tools-notice').filter({ hasText: 'Transferred to Boris Petrov' }).waitFor();
    // Boris: the conversation arrives live, with a notification
    // the preview stays the customer's question, not the "took over" line (issue #17)
    const row = boris.getByTestId('conversation-row').filter({ hasText: question });
    await row.waitFor({ timeout: 15_000 });
    await boris.getByTestId('notifications').filter({ hasText: 'Notifications' }).waitFor();
    expect(await boris.getByTestId('notifications').getAttribute('aria-label')).toMatch(/unread/);
    // Anna: it left her list; the visitor sees who took over
    await anna.getByTestId('conversation-row').filter({ hasText: question }).waitFor({ state: 'detached', timeout: 15_000 });
    await visitor.locator('[data-testid=parley-message][data-author=system]', { hasText: 'Boris Petrov took over' }).waitFor({ timeout: 15_000 });
    await row.click();
    await boris.getByTestId('message').filter({ hasText: question }).waitFor();

    await Promise.all([annaCtx.close(), borisCtx.close(), visitorCtx.close()]);
  });
});
