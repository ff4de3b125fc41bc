import { BrowserContext, Page } from 'playwright-core';
import { useParley } from './harness';

/**
 * Issue #12 (E9) in a real browser: a visitor on the demo shop puts two products in the cart (the
 * shop reports it with Parley.setCart and keeps it in localStorage) and chats; the agent opens the
 * chat and the Current cart widget shows both items and the total; the visitor changes a quantity
 * in the shop's cart and the agent's widget follows live; the agent sends one item to the client
 * (the demo catalogue knows its SKU: a product card) and the visitor's widget shows it.
 */
describe('current cart beside the chat (Chromium, issue #12)', () => {
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

  it('shows the visitor’s cart live and sends an item of it to the client', async () => {
    const text = `Is the kettle in my cart induction-ready? ${Date.now()}`;
    const visitor = await newPage();
    for (const id of ['mug', 'kettle']) {
      await visitor.goto(`${parley.server.url}/demo/product.html?id=${id}`);
      await visitor.locator('#detail .btn').click();
    }
    expect(await visitor.locator('#cart-summary').innerText()).toMatch(/Cart \(2\) · €82\.00/);
    await visitor.getByTestId('parley-launcher').click();
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const items = agent.getByTestId('cart-item');
    await items.nth(1).waitFor({ timeout: 10_000 });
    expect(await items.count()).toBe(2);
    const mug = items.filter({ hasText: 'Stoneware Mug' });
    const kettle = items.filter({ hasText: 'Pour-over Kettle' });
    expect(await mug.getByTestId('cart-item-quantity').innerText()).toBe('1');
    expect(await kettle.getByTestId('cart-item-total').innerText()).toMatch(/64[.,]00/);
    expect(await kettle.getByTestId('cart-item-link').getAttribute('href')).toMatch(/\/demo\/product\.html\?id=kettle$/);
    expect(await agent.getByTestId('cart-total').innerText()).toMatch(/82[.,]00/);
    expect(await agent.getByTestId('cart-updated').innerText()).toMatch(/^Updated (just now|\d+ min ago)$/);

    // the visitor takes one more mug in the shop's cart: the agent's widget follows without a reload
    await visitor.locator('#cart-toggle').click();
    await visitor.locator('[data-inc="mug"]').click();
    expect(await visitor.locator('#cart-summary').innerText()).toMatch(/Cart \(3\) · €100\.00/);
    await mug.getByTestId('cart-item-quantity').filter({ hasText: /^2$/ }).waitFor({ timeout: 10_000 });
    await agent.getByTestId('cart-total').filter({ hasText: /100[.,]00/ }).waitFor();
    expect(await mug.getByTestId('cart-item-total').innerText()).toMatch(/36[.,]00/);

    // "Send to client": the kettle is in the catalogue (same SKU), so the visitor gets its product card
    await kettle.getByTestId('cart-item-send').click();
    await agent.getByTestId('cart-status').filter({ hasText: 'Sent the product card of “Pour-over Kettle” to the client' }).waitFor();
    const card = visitor.getByTestId('parley-product-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.innerText()).toContain('Pour-over Kettle');
    expect(await visitor.getByTestId('parley-product-price').innerText()).toMatch(/64[.,]00/);

    // the cart survives a reload of the shop (localStorage) and is reported again, unchanged
    await visitor.reload();
    expect(await visitor.locator('#cart-summary').innerText()).toMatch(/Cart \(3\) · €100\.00/);
    await agent.getByTestId('cart-total').filter({ hasText: /100[.,]00/ }).waitFor();
  });
});
