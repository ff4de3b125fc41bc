import { useParley } from './harness';

/**
 * SPEC C9/D2 in a real browser: an admin writes a bot scenario in the editor and switches the bot
 * on for the demo channel; a visitor who opens the widget is greeted by the bot, answers with the
 * buttons (mouse and keyboard), reaches the end (closing message, "start again"), starts again and
 * asks for an operator; the chat lands in the agent's queue and the agent takes it.
 */
describe('bot scenario on the web chat (Chromium)', () => {
  const parley = useParley();

  it('admin builds and enables a scenario; the visitor clicks through to an operator; an agent takes the chat', async () => {
    const url = parley.server.url;
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-bots').click();
    await admin.getByTestId('bots-empty').waitFor();

    // the editor: name, greeting, two answers (one to a new step, one to an operator)
    await admin.getByTestId('bot-new').click();
    await admin.getByTestId('bot-save').click();
    await admin.getByTestId('bot-errors').waitFor();
    await admin.getByTestId('bot-name').fill('Shop greeter');
    await admin.getByTestId('bot-message-0').fill('Hi! I am the shop bot. What do you need?');
    await admin.getByTestId('bot-add-answer-0').click();
    await admin.getByTestId('bot-label-0-0').fill('Opening hours?');
    await admin.getByTestId('bot-target-0-0').click();
    await admin.getByRole('option', { name: 'Go to a new step' }).click();
    await admin.getByTestId('bot-message-1').fill('We answer every day from 9 to 17.');
    await admin.getByTestId('bot-add-answer-0').click();
    await admin.getByTestId('bot-label-0-1').fill('Talk to an operator');
    await admin.getByTestId('bot-save').click();
    await admin.getByTestId('bot-scenario-Shop greeter').waitFor({ timeout: 15_000 });

    // the channel: bot on with this scenario
    await admin.getByTestId('admin-nav-channels').click();
    await admin.getByTestId('channel-demo-webchat').click();
    await admin.getByTestId('channel-form').waitFor();
    await admin.getByTestId('field-bot').click();
    await admin.getByTestId('field-botScenarioId').click();
    await admin.getByRole('option', { name: 'Shop greeter' }).click();
    await admin.getByTestId('save').click();
    await admin.getByTestId('saved').waitFor({ timeout: 15_000 });

    const annaCtx = await parley.browser.newContext();
    const anna = await annaCtx.newPage();
    await parley.signIn(anna, 'anna@demo.test');
    await anna.getByTestId('view-queue').click();

    // the visitor: greeted by the bot with answer buttons
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-message').filter({ hasText: 'Hi! I am the shop bot.' }).waitFor({ timeout: 15_000 });
    const answers = visitor.getByTestId('parley-bot-answer');
    await answers.filter({ hasText: 'Opening hours?' }).click();
    await visitor.getByTestId('parley-message').filter({ hasText: 'We answer every day from 9 to 17.' }).waitFor({ timeout: 15_000 });
    // that step has no answers: the closing message, then "start again"
    await visitor.getByTestId('parley-message').filter({ hasText: 'Thank you! Write to us any time.' }).waitFor({ timeout: 15_000 });
    await visitor.getByTestId('parley-bot-restart').click();
    await answers.filter({ hasText: 'Talk to an operator' }).waitFor({ timeout: 15_000 });
    // by keyboard this time
    await answers.filter({ hasText: 'Talk to an operator' }).focus();
    await visitor.keyboard.press('Enter');
    await visitor.getByTestId('parley-bot').waitFor({ state: 'hidden', timeout: 15_000 });

    // the agent finds it in the queue and takes it; the visitor sees who joined
    const row = anna.getByTestId('conversation-row').filter({ hasText: 'Talk to an operator' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await anna.getByTestId('take').click();
    await anna.getByTestId('conversation-status').filter({ hasText: /open/i }).waitFor({ timeout: 15_000 });
    await visitor.getByTestId('parley-routing').filter({ hasText: 'Anna Nowak joined' }).waitFor({ timeout: 15_000 });
    // the bot's messages are in the agent's thread too
    await anna.getByText('Hi! I am the shop bot. What do you need?').first().waitFor();

    await Promise.all([adminCtx.close(), annaCtx.close(), visitorCtx.close()]);
  });
});
