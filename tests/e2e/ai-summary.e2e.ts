import { BrowserContext, Page } from 'playwright-core';
import { FakeOpenAi } from '../../libs/api/crm/src/testing/fake-openai';
import { useParley } from './harness';

/**
 * Issue #11 (E7) in a real browser: an admin connects an OpenAI-compatible endpoint (a local
 * server speaking chat completions) in Settings › AI tools — a bad URL is refused under its
 * field, Check connection answers, Save; an agent summarises a web chat from the side panel and
 * sees the stages, the summary and its period; the visitor writes again and Refresh sends only the
 * new message with the previous summary.
 */
describe('AI conversation summary (Chromium, issue #11)', () => {
  const ai = new FakeOpenAi();
  beforeAll(async () => ai.start());
  afterAll(async () => ai.stop());
  const parley = useParley();
  const wide = { viewport: { width: 1440, height: 900 } };
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  const newPage = async (): Promise<Page> => {
    const ctx = await parley.browser.newContext(wide);
    contexts.push(ctx);
    return ctx.newPage();
  };

  it('an admin connects the endpoint; an agent summarises a chat and refreshes it', async () => {
    const admin = await newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin/ai`);
    await admin.getByTestId('ai-settings-form').waitFor();
    await admin.getByTestId('ai-base-url').fill('ftp://models.example.com');
    await admin.getByTestId('ai-save').click();
    await admin.getByTestId('ai-error-baseUrl').filter({ hasText: 'must start with https:// or http://' }).waitFor();
    await admin.getByTestId('ai-base-url').fill(ai.url);
    await admin.getByTestId('ai-api-key').fill('sk-test-key');
    await admin.getByTestId('ai-model').fill('gpt-4o-mini');
    await admin.getByTestId('ai-check').click();
    await admin.getByTestId('ai-check-result').filter({ hasText: 'Connected; the model “gpt-4o-mini” is available' }).waitFor();
    await admin.getByTestId('ai-summary-enabled').locator('button').click();
    await admin.getByTestId('ai-save').click();
    await admin.getByTestId('ai-saved').waitFor();
    expect(await admin.getByTestId('ai-api-key').getAttribute('placeholder')).toBe('Stored — type a new key to replace it');

    const visitor = await newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const text = `Do you have the oak table in stock? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(text);
    await visitor.getByTestId('parley-input').press('Enter');

    const agent = await newPage();
    await parley.signIn(agent, 'anna@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const widget = agent.locator('[data-testid=panel-widget][data-widget=summary]');
    await widget.getByTestId('summary-none').waitFor();

    ai.reply({ text: 'Need: an oak table, in stock.\nDecisions: —\nOpen questions: delivery date.\nNext step: confirm stock.', delayMs: 1500 });
    await widget.getByTestId('summary-run').click();
    await widget.getByTestId('summary-progress').waitFor();
    await widget.getByTestId('summary-text').filter({ hasText: 'Need: an oak table, in stock.' }).waitFor({ timeout: 20_000 });
    expect(await widget.getByTestId('summary-progress').count()).toBe(0);
    expect(await widget.getByTestId('summary-period').textContent()).toMatch(/Messages (from|of) .+ to .+/);
    expect(ai.requests).toHaveLength(1);
    expect(ai.requests[0].body.messages[1].content).toContain(text);

    const more = `And can you deliver it on Saturday? ${Date.now()}`;
    await visitor.getByTestId('parley-input').fill(more);
    await visitor.getByTestId('parley-input').press('Enter');
    await agent.getByText(more).first().waitFor({ timeout: 10_000 });
    ai.reply({ text: 'Need: an oak table delivered on Saturday.\nNext step: book the delivery.' });
    await widget.getByTestId('summary-refresh').click();
    await widget.getByTestId('summary-text').filter({ hasText: 'delivered on Saturday' }).waitFor({ timeout: 20_000 });
    const refresh = ai.requests[1].body.messages[1].content;
    expect(refresh).toMatch(/^Previous summary/);
    expect(refresh).toContain(more);
    expect(refresh).not.toContain(text);
  });
});
