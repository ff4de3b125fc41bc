import { Page } from 'playwright-core';
import { useParley } from './harness';
import { until } from './helpers';

const tagsOf = (page: Page) => page.getByTestId('contact-tag').allInnerTexts().then((list) => list.map((t) => t.replace('×', '').trim()));

/**
 * SPEC C6 in a real browser: the admin sets the tag and owner of contacts from the chat, a visitor
 * writes, the agent sees the tag and owner in the side panel and adds a tag there; another operator
 * looking at the same conversation sees it without reloading.
 */
describe('contacts acquired through the chat get a tag and an owner (Chromium)', () => {
  const parley = useParley();

  it('admin sets tag + owner; the visitor writes; the agent sees both in the panel and edits the tags live', async () => {
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('channel-demo-webchat').click();
    await admin.getByTestId('channel-form').waitFor();

    // an over-long tag: a visible field error, nothing saved
    const tag = admin.getByTestId('field-acquisition-tag');
    await tag.fill('x'.repeat(45));
    await tag.blur();
    await admin.getByTestId('error-acquisition-tag').filter({ hasText: 'at most 40 characters' }).waitFor();
    await admin.getByTestId('save').click();
    await admin.getByTestId('save-error').filter({ hasText: 'Check the highlighted fields' }).waitFor();

    await tag.fill('  Web chat lead ');
    await admin.keyboard.press('Escape'); // close the suggestions
    await admin.getByTestId('field-acquisition-owner').click();
    await admin.getByRole('option', { name: 'Boris Petrov — boris@demo.test' }).click();
    await admin.getByTestId('save').click();
    await admin.getByTestId('saved').waitFor();
    expect(await tag.inputValue()).toBe('Web chat lead');

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const question = `Do you have the throw in green? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(question);
    await visitor.getByTestId('parley-input').press('Enter');

    // E1: an agent creates a new tag through a group granting "Create tags"
    await parley.server.sql(`WITH g AS (INSERT INTO permission_groups (workspace_id, name, permissions) SELECT workspace_id, 'Taggers', '{create_tags}' FROM operators WHERE email = 'anna@demo.test' RETURNING id, workspace_id)
      INSERT INTO permission_group_members (group_id, operator_id, workspace_id) SELECT g.id, o.id, g.workspace_id FROM g JOIN operators o ON o.email = 'anna@demo.test' AND o.workspace_id = g.workspace_id`);
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Do you have the throw in green?' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agent.getByTestId('message').filter({ hasText: question }).waitFor();
    await until(() => tagsOf(agent), ['Web chat lead']);
    const owner = agent.getByTestId('contact-owner-select');
    await until(() => owner.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent?.trim()), 'Boris Petrov');

    // the admin opens the same conversation from the inbox
    await admin.goto(`${parley.server.url}${new URL(agent.url()).pathname}`);
    await until(() => tagsOf(admin), ['Web chat lead']);

    // the agent adds a tag and takes ownership; the admin's panel follows without a reload
    await agent.getByTestId('new-tag').fill('VIP');
    await agent.getByTestId('add-tag').click();
    await until(() => tagsOf(agent), ['VIP', 'Web chat lead']);
    await owner.selectOption({ label: 'Anna Nowak' });
    await until(() => tagsOf(admin), ['VIP', 'Web chat lead']);
    await until(() => admin.getByTestId('contact-owner-select').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent?.trim()), 'Anna Nowak');

    // a refused name shows why
    await agent.getByTestId('new-tag').fill('   ');
    await agent.getByTestId('add-tag').click();
    await agent.getByTestId('contact-edit-error').filter({ hasText: 'Enter a tag name' }).waitFor();

    await Promise.all([adminCtx.close(), visitorCtx.close(), agentCtx.close()]);
  });
});
