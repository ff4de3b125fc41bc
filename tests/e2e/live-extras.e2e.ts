import { useParley } from './harness';

/**
 * SPEC A6 / A10 in a real browser: the visitor types and the agent sees "Visitor is typing…" with
 * the draft; the agent opens the conversation and the visitor's message shows "Read"; the agent
 * types and the visitor sees it; the visitor edits their last message and the agent sees the new
 * text marked "edited", live.
 */
describe('live conversation extras (Chromium)', () => {
  const parley = useParley();


  it('typing and draft preview, read marks both ways, operator typing, editing the last message', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const input = visitor.getByTestId('parley-input');
    const first = `Hello, I have a question ${Date.now()}`;
    await input.fill(first);
    await input.press('Enter');
    const mine = visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: first });
    await mine.waitFor();
    await mine.getByText('Delivered').waitFor();

    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.submitLogin(agent, 'anna@demo.test');
    await agent.waitForURL(/\/inbox/);
    await agent.getByTestId('conversation-row').filter({ hasText: first }).click();
    await agent.getByTestId('message').filter({ hasText: first }).waitFor();

    // the agent opened it: the visitor sees "Read"
    await mine.getByText('Read', { exact: true }).waitFor({ timeout: 15_000 });

    // the visitor types: the agent sees the indicator and the unsent draft, as text
    await input.fill('Can I return <i>shoes</i> after 30 da');
    await agent.getByTestId('visitor-typing').waitFor({ timeout: 15_000 });
    const draft = agent.getByTestId('visitor-draft');
    await draft.filter({ hasText: 'Can I return <i>shoes</i> after 30 da' }).waitFor();
    expect(await draft.locator('i').count()).toBe(0);
    await input.fill('Can I return <i>shoes</i> after 30 days?');
    await draft.filter({ hasText: 'after 30 days?' }).waitFor({ timeout: 10_000 });
    await input.press('Enter');
    const question = agent.getByTestId('message').filter({ hasText: 'after 30 days?' });
    await question.waitFor();
    // the draft disappears when the message arrives
    await agent.getByTestId('visitor-typing').waitFor({ state: 'detached' });

    // the agent types: the visitor sees who is typing; then the reply arrives
    await agent.getByTestId('composer').fill('Let me che');
    await visitor.getByTestId('parley-typing').filter({ hasText: 'Anna Nowak is typing…' }).waitFor({ timeout: 15_000 });
    await agent.getByTestId('composer').fill('Yes, within 60 days.');
    await agent.getByTestId('composer').press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=operator]', { hasText: 'within 60 days' }).waitFor({ timeout: 15_000 });
    await visitor.getByTestId('parley-typing').waitFor({ state: 'hidden' });
    // the widget is open and visible: the visitor has read the reply, and the agent sees it
    const reply = agent.getByTestId('message').filter({ hasText: 'within 60 days' });
    await reply.getByTestId('read-mark').filter({ hasText: /^Read$/ }).waitFor({ timeout: 15_000 });

    // the visitor edits their last message; a refused (empty) edit shows an error first
    const last = visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: 'after 30 days?' });
    await last.getByTestId('parley-edit').click();
    expect(await input.inputValue()).toBe('Can I return <i>shoes</i> after 30 days?');
    await input.fill('   ');
    expect(await visitor.getByTestId('parley-send').isDisabled()).toBe(true);
    await input.fill('Can I return sandals after 45 days?');
    await input.press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: 'sandals after 45 days' }).getByTestId('parley-edited').waitFor();
    const edited = agent.getByTestId('message').filter({ hasText: 'sandals after 45 days' });
    await edited.getByTestId('edited-mark').waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('message').filter({ hasText: 'after 30 days?' }).count()).toBe(0);
    // the older message offers no edit
    expect(await mine.getByTestId('parley-edit').count()).toBe(0);

    await agentCtx.close();
    await visitorCtx.close();
  });
});
