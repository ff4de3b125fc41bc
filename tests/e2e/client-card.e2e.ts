import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';
import { graphql } from './helpers';

/**
 * Issue #11 (E2) in a real browser: an agent edits the client in the side panel's client widget —
 * the name with the pencil (the conversation's header follows), a phone refused then saved, an
 * e-mail — while an admin with the same conversation open sees the card change live; in another
 * visitor's chat, typing that phone offers the first client, and "Link this conversation" moves
 * the chat to them.
 */
describe('client card in the side panel (Chromium, issue #11)', () => {
  const parley = useParley();
  const wide = { viewport: { width: 1440, height: 900 } };
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  const newPage = async (): Promise<Page> => {
    const ctx = await parley.browser.newContext(wide);
    contexts.push(ctx);
    return ctx.newPage();
  };
  const chat = async (text: string) => {
    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');
  };
  const open = async (page: Page, text: string) => {
    const row = page.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByTestId('contact-phone-add').or(page.getByTestId('contact-phones')).first().waitFor();
  };

  it('text selected in a customer message becomes the client’s phone and last name from the context menu', async () => {
    const text = `Call me on +48 533 444 555 please, Nowicka here ${Date.now()}`;
    await chat(text);
    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await open(agent, text);
    const body = agent.getByTestId('message').filter({ hasText: text }).locator('.body');
    // select the number as an operator would (the text node's characters), then right-click on it
    const box = await body.evaluate((el, needle) => {
      const node = el.firstChild as Text;
      const start = node.data.indexOf(needle);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + needle.length);
      const s = getSelection()!;
      s.removeAllRanges();
      s.addRange(range);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, '+48 533 444 555');
    await agent.mouse.click(box.x, box.y, { button: 'right' });
    await agent.getByTestId('selection-menu').waitFor();
    await agent.getByTestId('selection-set-phone').click();
    await agent.getByTestId('selection-status').filter({ hasText: 'Phone saved on the client' }).waitFor();
    await agent.getByTestId('contact-phone-value').filter({ hasText: '+48533444555' }).waitFor({ timeout: 10_000 });

    // by keyboard: the context-menu key on a selection opens it at the selection; Enter on the focused item picks it
    await body.evaluate((el, needle) => {
      const node = el.firstChild as Text;
      const start = node.data.indexOf(needle);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + needle.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    }, 'Nowicka');
    await agent.getByTestId('selection-menu').waitFor();
    await agent.keyboard.press('ArrowDown');
    await agent.keyboard.press('Enter');
    await agent.getByTestId('contact-name').filter({ hasText: 'Nowicka' }).waitFor({ timeout: 10_000 });
  });

  it('custom fields: a pinned one filled by a click, another found by the search; an admin reorders the pinned ones by keyboard', async () => {
    const url = parley.server.url;
    const token = (await graphql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: 'parley-demo' } })).login.accessToken as string;
    const create = `mutation($i: CreateCustomFieldInput!) { createCustomField(input: $i) { id } }`;
    await graphql(url, create, { i: { name: 'Preferred contact', type: 'select', options: ['Phone', 'E-mail', 'Chat'], pinned: true } }, token);
    await graphql(url, create, { i: { name: 'Birthday', type: 'date' } }, token);

    // one field made in Settings › Client fields, the way an admin does
    const settings = await newPage();
    await parley.signIn(settings, 'admin@demo.test');
    await settings.goto(`${url}/admin/client-fields`);
    await settings.getByTestId('admin-field-form').waitFor();
    await settings.getByTestId('admin-field-save').click();
    await settings.getByTestId('admin-field-error').filter({ hasText: 'Give the field a name' }).waitFor();
    await settings.getByTestId('admin-field-name').fill('Company');
    await settings.getByTestId('admin-field-pinned').locator('input').check();
    await settings.getByTestId('admin-field-save').click();
    await settings.locator('[data-testid=admin-field][data-field="Company"]').waitFor();

    const text = `Can I get an invoice for my company? ${Date.now()}`;
    await chat(text);
    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await open(agent, text);
    const row = (name: string) => agent.locator(`[data-testid=client-field][data-field="${name}"]`);
    await row('Company').getByTestId('field-value').click();
    await agent.getByTestId('field-input').fill('Nowak & Co');
    await agent.getByTestId('field-input').press('Enter');
    await row('Company').getByTestId('field-value').filter({ hasText: 'Nowak & Co' }).waitFor();
    await row('Preferred contact').getByTestId('field-value').click();
    await agent.getByTestId('field-input').selectOption('Chat');
    await agent.getByTestId('field-save').click();
    await row('Preferred contact').getByTestId('field-value').filter({ hasText: 'Chat' }).waitFor();

    await agent.getByTestId('field-search').fill('birth');
    await agent.getByTestId('field-result').filter({ hasText: 'Birthday' }).click();
    await agent.getByTestId('field-input').fill('1990-05-17');
    await agent.getByTestId('field-input').press('Enter');
    await row('Birthday').getByTestId('field-value').filter({ hasText: '1990-05-17' }).waitFor();

    // saved: after a reload the values are there (Birthday, not pinned, is found again)
    await agent.reload();
    await open(agent, text);
    await row('Company').getByTestId('field-value').filter({ hasText: 'Nowak & Co' }).waitFor();
    expect(await row('Birthday').count()).toBe(0);

    const admin = await newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await open(admin, text);
    const order = () => admin.locator('[data-testid=client-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    for (let i = 0; i < 50 && (await order()).length < 2; i++) await admin.waitForTimeout(100);
    // the field added last is pinned last
    expect(await order()).toEqual(['Preferred contact', 'Company']);
    await admin.locator('[data-testid=client-field][data-field="Company"] [data-testid=field-handle]').focus();
    await admin.keyboard.press('Alt+ArrowUp');
    for (let i = 0; i < 50 && (await order())[0] !== 'Company'; i++) await admin.waitForTimeout(100);
    expect(await order()).toEqual(['Company', 'Preferred contact']);
  });

  it('an agent edits name, phone and e-mail in place, live for an admin; a phone another client has links the chat to them', async () => {
    const first = `Is the green sofa available? ${Date.now()}`;
    await chat(first);
    const [agent, admin] = await Promise.all([newPage(), newPage()]);
    await parley.signIn(agent, 'anna@demo.test');
    await parley.signIn(admin, 'admin@demo.test');
    await open(agent, first);
    await open(admin, first);

    await agent.getByTestId('contact-name-edit').click();
    await agent.getByTestId('contact-first-name').fill('Ewa');
    await agent.getByTestId('contact-last-name').fill('Kowalska');
    await agent.getByTestId('contact-last-name').press('Enter');
    await agent.getByTestId('contact-name').filter({ hasText: 'Ewa Kowalska' }).waitFor();
    await agent.getByTestId('conversation-row').filter({ hasText: 'Ewa Kowalska' }).waitFor({ timeout: 10_000 });

    await agent.getByTestId('contact-phone-add').click();
    await agent.getByTestId('contact-phone-input').fill('12');
    await agent.getByTestId('contact-phone-input').press('Enter');
    await agent.getByTestId('contact-edit-error').waitFor();
    await agent.getByTestId('contact-phone-input').fill('+48 511 222 333');
    await agent.getByTestId('contact-phone-input').press('Enter');
    await agent.getByTestId('contact-phone-value').filter({ hasText: '+48511222333' }).waitFor();

    await agent.getByTestId('contact-email-add').click();
    await agent.getByTestId('contact-email-input').fill('ewa.kowalska@example.com');
    await agent.getByTestId('contact-email-save').click();
    await agent.getByTestId('contact-email-value').filter({ hasText: 'ewa.kowalska@example.com' }).waitFor();

    // the admin's open card follows without a reload
    await admin.getByTestId('contact-phone-value').filter({ hasText: '+48511222333' }).waitFor({ timeout: 10_000 });
    await admin.getByTestId('contact-email-value').filter({ hasText: 'ewa.kowalska@example.com' }).waitFor({ timeout: 10_000 });
    await admin.getByTestId('contact-name').filter({ hasText: 'Ewa Kowalska' }).waitFor({ timeout: 10_000 });

    const second = `Hello again, from my phone ${Date.now()}`;
    await chat(second);
    await open(agent, second);
    await agent.getByTestId('contact-phone-add').click();
    await agent.getByTestId('contact-phone-input').pressSequentially('+48 511 222 333', { delay: 20 });
    const offer = agent.getByTestId('contact-match').filter({ hasText: 'Ewa Kowalska already has this number' });
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByTestId('contact-match-link').click();
    await agent.getByTestId('contact-name').filter({ hasText: 'Ewa Kowalska' }).waitFor({ timeout: 10_000 });
    await agent.getByTestId('contact-phone-value').filter({ hasText: '+48511222333' }).waitFor();

    // a third chat gets the same phone typed in by the admin, who saves it anyway: a duplicate, merged
    const third = `Do you ship to Gdańsk? ${Date.now()}`;
    await chat(third);
    await open(admin, third);
    await admin.getByTestId('contact-phone-add').click();
    await admin.getByTestId('contact-phone-input').fill('+48 511 222 333');
    await admin.getByTestId('contact-phone-save').click();
    await admin.getByTestId('contact-phone-value').filter({ hasText: '+48511222333' }).waitFor();
    await admin.getByTestId('contact-email-add').click();
    await admin.getByTestId('contact-email-input').fill('gdansk@example.com');
    await admin.getByTestId('contact-email-input').press('Enter');
    const duplicate = admin.getByTestId('contact-duplicate').filter({ hasText: 'Ewa Kowalska' });
    await duplicate.waitFor({ timeout: 10_000 });
    await duplicate.getByTestId('contact-merge-open').click();
    await admin.getByTestId('merge-row-email').waitFor();
    await admin.getByTestId('merge-take-email').check();
    await admin.getByTestId('contact-merge-confirm').click();
    await admin.getByTestId('contact-merge-form').waitFor({ state: 'detached' });
    // the survivor took Ewa's name (it had none) and her e-mail as primary; the duplicate is gone
    await admin.getByTestId('contact-name').filter({ hasText: 'Ewa Kowalska' }).waitFor({ timeout: 10_000 });
    await admin.getByTestId('contact-email-value').first().filter({ hasText: 'ewa.kowalska@example.com' }).waitFor();
    expect(await admin.getByTestId('contact-duplicate').count()).toBe(0);
    // the agent's panel on Ewa's chat follows to the client that remains
    await agent.getByTestId('contact-email-value').filter({ hasText: 'gdansk@example.com' }).waitFor({ timeout: 15_000 });
  });
});
