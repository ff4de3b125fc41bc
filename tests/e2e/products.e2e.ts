import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';

/**
 * Issue #12 (E3) in a real browser: a visitor on the demo shop asks about a kettle; the agent
 * selects the word in the message, "Find product" opens the product popup with it, adds the kettle
 * to the client's products and sends it as a card — the visitor's widget shows the card with its
 * price, the thread shows it too; the popup's filters answer (a bad price is refused under the
 * field, "In stock" leaves out what is sold out); an admin creates a product there, a wrong price
 * refused under the field first.
 */
describe('products beside the chat (Chromium, issue #12)', () => {
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

  it('finds a product from the customer’s words, adds it to the client and sends it as a card the visitor sees', async () => {
    const text = `Do you still sell the kettle with the long spout? ${Date.now()}`;
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
    await agent.getByTestId('products-none').waitFor();

    const body = agent.getByTestId('message').filter({ hasText: text }).locator('.body');
    const box = await body.evaluate((el, needle) => {
      const node = el.firstChild as Text;
      const start = node.data.indexOf(needle);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + needle.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, 'kettle');
    await agent.mouse.click(box.x, box.y, { button: 'right' });
    await agent.getByTestId('selection-find-product').click();
    await expectValue(agent, 'product-query', 'kettle');
    const kettle = agent.getByTestId('product-result').filter({ hasText: 'Pour-over Kettle' });
    await kettle.waitFor();
    await kettle.getByTestId('product-add').click();
    await kettle.getByTestId('product-row-state').filter({ hasText: 'Added to the client’s products' }).waitFor();
    await kettle.getByTestId('product-send').click();
    await kettle.getByTestId('product-row-state').filter({ hasText: 'Sent to the chat' }).waitFor();

    // the popup's filters: a wrong price is refused under the field; "In stock" leaves the sold-out grinder out
    await agent.getByTestId('product-query').fill('grinder');
    await agent.getByTestId('product-result').filter({ hasText: 'Hand Coffee Grinder' }).waitFor();
    await agent.getByTestId('in-stock').check();
    await agent.getByTestId('product-none').waitFor();
    await agent.getByTestId('in-stock').uncheck();
    await agent.getByTestId('price-min').fill('1.2345');
    await agent.getByTestId('price-min').press('Tab');
    await agent.getByTestId('price-error').filter({ hasText: 'EUR amounts have at most 2 decimals' }).waitFor();
    expect(await agent.getByTestId('product-create-toggle').count()).toBe(0); // agents do not manage the catalogue
    await agent.keyboard.press('Escape');
    await agent.getByTestId('product-query').waitFor({ state: 'detached' });

    // the widget lists it; the thread and the visitor show the card
    await agent.getByTestId('client-product').filter({ hasText: 'Pour-over Kettle' }).waitFor();
    await agent.getByTestId('message-card').filter({ hasText: 'Pour-over Kettle' }).waitFor();
    const card = visitor.getByTestId('parley-product-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.innerText()).toContain('Pour-over Kettle');
    expect(await visitor.getByTestId('parley-product-price').innerText()).toMatch(/64[.,]00/);
    expect(await card.locator('a').getAttribute('href')).toMatch(/\/demo\/product\.html\?id=kettle$/);

    // sent again from the widget, at wholesale prices
    await agent.getByTestId('products-price-type').selectOption({ label: 'Wholesale prices' });
    await agent.getByTestId('client-product').filter({ hasText: 'Pour-over Kettle' }).getByTestId('client-product-send').click();
    await agent.getByTestId('products-status').filter({ hasText: 'Sent “Pour-over Kettle” to the client' }).waitFor();
    await visitor.getByTestId('parley-product-price').nth(1).filter({ hasText: /51[.,]20/ }).waitFor({ timeout: 10_000 });
  });

  it('an admin creates a product from the popup; a wrong price is refused under the field', async () => {
    const admin = await newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.getByTestId('conversation-row').first().click();
    await admin.getByTestId('products-find').click();
    await admin.getByTestId('product-create-toggle').click();
    await admin.getByTestId('product-new-name').fill('Green Velvet Sofa');
    await admin.getByTestId('product-new-sku').fill(`sofa-${Date.now()}`);
    await admin.getByTestId('product-new-price').fill('899.999');
    await admin.getByTestId('product-new-save').click();
    await admin.getByTestId('product-new-price-error').filter({ hasText: 'EUR amounts have at most 2 decimals' }).waitFor();
    await admin.getByTestId('product-new-price').fill('899.90');
    await admin.getByTestId('product-new-save').click();
    await admin.getByTestId('product-row-state').filter({ hasText: 'Created “Green Velvet Sofa”' }).waitFor();
    await admin.getByTestId('product-query').fill('velvet');
    await admin.getByTestId('product-result').filter({ hasText: 'Green Velvet Sofa' }).filter({ hasText: /899[.,]90/ }).waitFor();
  });
});

async function expectValue(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).waitFor();
  await page.waitForFunction(([id, v]) => (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value === v, [testId, value] as const);
}
