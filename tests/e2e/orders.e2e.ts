import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';

/**
 * Issue #12 (E5) in a real browser: a visitor asks for mugs; the agent opens the chat, starts a
 * new order from the Orders widget, adds the mug from the product popup (the drawer stays beside
 * the chat), sets the quantity (the server's totals follow as she types), a typed delivery cost;
 * the first save is refused with the errors under the fields (no name, no phone), she fixes them
 * and saves — the order gets its number, the widget lists it (amount due coloured "not paid"),
 * "Send order" posts the summary that the visitor reads; the status is changed in the widget.
 * Clicks and keystrokes are counted from "chat opened" to "order sent".
 */
describe('orders beside the chat (Chromium, issue #12)', () => {
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

  it('makes, places and sends an order from the chat; errors under the fields; the visitor reads it', async () => {
    const text = `Two of your stoneware mugs, please ${Date.now()}`;
    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agent.getByTestId('orders-none').waitFor();
    const started = Date.now();
    let clicks = 0;
    let keys = 0;
    const click = async (testId: string, within: Page | ReturnType<Page['getByTestId']> = agent) => {
      clicks++;
      await within.getByTestId(testId).first().click();
    };
    const type = async (testId: string, value: string) => {
      keys += value.length;
      await agent.getByTestId(testId).first().fill(value);
    };

    await click('orders-new');
    await agent.getByTestId('order-drawer').waitFor();
    expect(await agent.getByTestId('order-title').innerText()).toBe('New order');
    await click('order-add-product');
    await type('product-query', 'mug');
    const mug = agent.getByTestId('product-result').filter({ hasText: 'Stoneware Mug' });
    await mug.waitFor();
    clicks++;
    await mug.getByTestId('product-add-order').click();
    await mug.getByTestId('product-row-state').filter({ hasText: 'Added to the order' }).waitFor();
    clicks++;
    await agent.keyboard.press('Escape');
    await agent.getByTestId('product-query').waitFor({ state: 'detached' });
    await agent.getByTestId('order-item').filter({ hasText: 'Stoneware Mug' }).waitFor();
    await type('order-item-qty', '2');
    await agent.getByTestId('order-goods').filter({ hasText: /36[.,]00/ }).waitFor();
    await type('order-delivery-cost-input', '5.90');
    await agent.getByTestId('order-grand-total').filter({ hasText: /41[.,]90/ }).waitFor();
    // the conversation stays usable beside the drawer
    expect(await agent.getByTestId('message').filter({ hasText: text }).isVisible()).toBe(true);

    // the first save is refused: the errors are under their fields, nothing is placed
    await click('order-save');
    await agent.getByTestId('order-error-customer.firstName').filter({ hasText: 'The customer’s name is required' }).waitFor();
    await agent.getByTestId('order-error-customer.phone').filter({ hasText: 'A phone or an e-mail is required' }).waitFor();
    expect(await agent.getByTestId('order-title').innerText()).toMatch(/^New order/);
    await type('order-customer-firstName', 'Marta');
    await type('order-customer-phone', '+48 601 234 567');
    await agent.getByTestId('order-error-customer.firstName').waitFor({ state: 'detached' });
    await click('order-save');
    await agent.getByTestId('order-title').filter({ hasText: /^Order #\d+$/ }).waitFor();
    const number = (await agent.getByTestId('order-title').innerText()).slice('Order #'.length);
    await agent.getByTestId('order-status-line').filter({ hasText: `Order #${number} placed` }).waitFor();

    await click('order-send');
    await agent.getByTestId('order-status-line').filter({ hasText: 'The order was sent to the chat' }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    const summary = visitor.getByText(`Your order #${number}`, { exact: false });
    await summary.waitFor({ timeout: 10_000 });
    const said = await summary.innerText();
    expect(said).toMatch(/Stoneware Mug × 2/);
    expect(said).toMatch(/Total: €41\.90/);
    console.log(`orders e2e: chat opened → order sent in ${clicks} clicks, ${keys} keystrokes, ${seconds.toFixed(1)} s`);

    // the widget lists it, not paid; the status changes in place
    await click('order-close');
    await agent.getByTestId('order-drawer').waitFor({ state: 'detached' });
    const placed = agent.getByTestId('order-row').filter({ hasText: `#${number}` });
    await placed.waitFor();
    expect(await placed.getByTestId('order-due').getAttribute('class')).toContain('state-none');
    expect(await placed.getByTestId('order-due').innerText()).toMatch(/41[.,]90/);
    await placed.getByTestId('order-delivery').click();
    await placed.getByTestId('order-delivery-detail').filter({ hasText: 'typed' }).waitFor();
    await placed.getByTestId('order-status').selectOption('assembling');
    await agent.waitForFunction((n) => {
      const row = Array.from(document.querySelectorAll('[data-testid="order-row"]')).find((r) => r.getAttribute('data-number') === n);
      return (row?.querySelector('[data-testid="order-status"]') as HTMLSelectElement | null)?.value === 'assembling';
    }, number);
    // reopened from its number, the drawer shows the saved order
    await placed.getByTestId('order-open').click();
    await agent.getByTestId('order-title').filter({ hasText: `Order #${number}` }).waitFor();
    expect(await agent.getByTestId('order-status-select').inputValue()).toBe('assembling');
  });

  it('keeps a half-filled new order as the client’s draft when closed with Esc, and resumes it', async () => {
    const agent = await newPage();
    await parley.signIn(agent, 'admin@demo.test');
    await agent.getByTestId('conversation-row').first().click();
    await agent.getByTestId('orders-new').click();
    await agent.getByTestId('order-drawer').waitFor();
    await agent.getByTestId('order-add-line').click();
    await agent.getByTestId('order-item-name').fill('Custom engraving');
    await agent.getByTestId('order-item-price').fill('12.345');
    await agent.getByTestId('order-customer-firstName').click();
    await agent.keyboard.press('Escape');
    // a bad price cannot be kept even as a draft: the error shows under it and the drawer stays
    await agent.getByTestId('order-item-price-error').filter({ hasText: 'EUR amounts have at most 2 decimals' }).waitFor();
    await agent.getByTestId('order-item-price').fill('12.50');
    await agent.getByTestId('order-close').click();
    await agent.getByTestId('order-drawer').waitFor({ state: 'detached' });
    await agent.getByTestId('order-draft').filter({ hasText: /Draft · 1 item/ }).waitFor();
    await agent.getByTestId('order-draft-resume').click();
    await agent.getByTestId('order-title').filter({ hasText: 'New order (draft)' }).waitFor();
    expect(await agent.getByTestId('order-item-name').inputValue()).toBe('Custom engraving');
  });
});
