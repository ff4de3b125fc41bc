import { useParley } from './harness';
import { graphql } from './helpers';

/**
 * SPEC B3/B4 in a real browser: a page rule sends the visitor's chat to Sales. Anna (Sales) sees it
 * in her queue, Boris (Support) never does; when Anna takes it, it leaves her queue, and the
 * visitor sees "Anna Nowak joined". The visitor waited with their queue position shown.
 */
describe('routing by page rule (Chromium)', () => {
  const parley = useParley();

  it('the chat shows only in the right group’s queue and leaves it when taken', async () => {
    const url = parley.server.url;
    const admin = (await graphql(url, `mutation { login(input: { email: "admin@demo.test", password: "parley-demo" }) { accessToken } }`)).login.accessToken;
    const { channels, groups } = await graphql(url, `query { channels { id publicKey } groups { id name } }`, {}, admin);
    const channelId = channels.find((c: { publicKey: string }) => c.publicKey === 'demo-webchat').id;
    const sales = groups.find((g: { name: string }) => g.name === 'Sales').id;
    await graphql(
      url,
      `mutation($i: UpdateWebchatRoutingInput!) { updateWebchatRouting(input: $i) { id } }`,
      { i: { channelId, defaultGroupId: null, pageRules: [{ urlContains: 'pricing', groupId: sales }] } },
      admin,
    );

    const annaCtx = await parley.browser.newContext();
    const anna = await annaCtx.newPage();
    await parley.signIn(anna, 'anna@demo.test');
    await anna.getByTestId('view-queue').click();
    const borisCtx = await parley.browser.newContext();
    const boris = await borisCtx.newPage();
    await parley.signIn(boris, 'boris@demo.test');
    await boris.getByTestId('view-queue').click();
    await boris.getByTestId('my-status').filter({ hasText: 'Online' }).waitFor();

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${url}/demo#pricing`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `How much is the pro plan? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
    await visitor.getByTestId('parley-routing').filter({ hasText: 'You are number 1 in the queue' }).waitFor({ timeout: 15_000 });

    const annaRow = anna.getByTestId('conversation-row').filter({ hasText: text });
    await annaRow.waitFor({ timeout: 15_000 });
    // Boris (Support) got nothing, live or after a reload
    await boris.waitForTimeout(500);
    expect(await boris.getByTestId('conversation-row').filter({ hasText: text }).count()).toBe(0);
    await boris.reload();
    await boris.getByTestId('view-queue').click();
    await boris.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await boris.waitForTimeout(500);
    expect(await boris.getByTestId('conversation-row').filter({ hasText: text }).count()).toBe(0);

    await annaRow.click();
    await anna.getByTestId('take').click();
    await anna.getByTestId('conversation-status').filter({ hasText: /open/i }).waitFor({ timeout: 15_000 });
    await annaRow.waitFor({ state: 'detached', timeout: 15_000 });
    await visitor.getByTestId('parley-routing').filter({ hasText: 'Anna Nowak joined' }).waitFor({ timeout: 15_000 });

    await Promise.all([annaCtx.close(), borisCtx.close(), visitorCtx.close()]);
  });
});

describe('routing admin screens and status (Chromium)', () => {
  const parley = useParley();

  it('admins manage groups and limits; an agent’s status change shows live to the admin', async () => {
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');

    // status: Anna goes away, the admin's top bar shows it without a reload
    await agent.getByTestId('status-switcher').click();
    await agent.getByTestId('status-away').click();
    await agent.getByTestId('my-status').filter({ hasText: 'Away' }).waitFor();
    await admin.getByTestId('status-switcher').click();
    await admin.getByTestId('team-status').filter({ hasText: 'Anna Nowak · Away' }).waitFor({ timeout: 15_000 });
    await admin.keyboard.press('Escape');

    await admin.goto(`${parley.server.url}/admin/groups`);
    await admin.getByTestId('group-Sales').filter({ hasText: 'Anna Nowak' }).waitFor();
    await admin.getByTestId('group-Support').waitFor();
    // a duplicate name is refused with a visible error; a new one appears
    await admin.getByTestId('new-group-name').fill('sales');
    await admin.getByTestId('create-group').click();
    await admin.getByTestId('groups-error').filter({ hasText: 'already exists' }).waitFor();
    await admin.getByTestId('new-group-name').fill('Billing');
    await admin.getByTestId('create-group').click();
    await admin.getByTestId('group-Billing').waitFor();
    // a negative chat limit is refused with a visible message
    const annaCard = admin.getByTestId('operator-anna@demo.test');
    await annaCard.getByLabel('Max chats at once').fill('-1');
    await annaCard.getByRole('button', { name: 'Save' }).click();
    await annaCard.getByRole('alert').waitFor();
    await annaCard.getByLabel('Max chats at once').fill('3');
    await annaCard.getByRole('button', { name: 'Save' }).click();
    await annaCard.getByText('Saved').waitFor();

    // the channel's routing section: a page rule to Sales, kept after a reload
    await admin.goto(`${parley.server.url}/admin/channels`);
    await admin.getByTestId('channel-demo-webchat').click();
    const section = admin.getByTestId('routing-section');
    await section.getByTestId('add-rule').click();
    await section.getByTestId('save-routing').click();
    await section.getByTestId('routing-error').filter({ hasText: 'Rule 1' }).waitFor();
    await section.getByTestId('rule-url-0').fill('/pricing');
    await section.getByTestId('rule-group-0').click();
    await admin.getByRole('option', { name: 'Sales' }).click();
    await section.getByTestId('save-routing').click();
    await section.getByTestId('routing-saved').waitFor();
    await admin.reload();
    expect(await admin.getByTestId('rule-url-0').inputValue()).toBe('/pricing');
    await admin.getByTestId('rule-group-0').filter({ hasText: 'Sales' }).waitFor();

    await Promise.all([adminCtx.close(), agentCtx.close()]);
  });
});
