import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { useParley } from './harness';
import { until } from './helpers';
import { freePort } from './server';

/**
 * Issue #10 in a real browser, as a newcomer sees it after `npm start`: a mail forwarded to the
 * demo e-mail channel (Parley's own SMTP listener) is an e-mail conversation in the inbox; its
 * HTML opens behind "Show full message" in a sandbox that runs nothing, remote images blocked
 * until "Show images"; the agent's reply is a threaded mail in DATA_DIR/mail-outbox.
 */
describe('e-mail channel (Chromium)', () => {
  let smtpPort = 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-mail-'));
  fs.chmodSync(dataDir, 0o755);
  beforeAll(async () => {
    smtpPort = await freePort();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const parley = useParley(() => ({ INBOUND_SMTP_PORT: String(smtpPort), INBOUND_SMTP_HOST: '127.0.0.1', DATA_DIR: dataDir }));

  it('a forwarded mail arrives in the inbox, its HTML is sandboxed with remote images blocked, and the reply is a threaded mail', async () => {
    const html = '<p>My order <b>#1042</b> has not arrived.</p><img src="https://tracker.example/pixel.gif" alt="pixel"><script>parent.document.title = "owned"</script><a href="javascript:alert(1)">click</a>';
    const mail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await mail.sendMail({ from: '"Kate Kowalska" <kate.kowalska@client.test>', to: 'demo-mail@parley.localhost', subject: 'Order #1042 missing', text: 'My order #1042 has not arrived.', html, messageId: '<order-1042@client.test>' });
    // an address nobody serves is refused while the sender is still connected
    await expect(mail.sendMail({ from: 'x@client.test', to: 'nobody@parley.localhost', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });

    const ctx = await parley.browser.newContext();
    const agent = await ctx.newPage();
    await parley.signIn(agent, 'admin@demo.test');
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'My order #1042 has not arrived.' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const message = agent.getByTestId('message').filter({ hasText: 'My order #1042 has not arrived.' });
    await message.waitFor();
    await message.getByTestId('show-full-message').click();
    const frame = message.getByTestId('message-html');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const doc = agent.frameLocator('[data-testid=message-html]');
    await doc.locator('b', { hasText: '#1042' }).waitFor();
    // sanitised on the server, and nothing ran: no script, no javascript: link, the pixel not loaded
    expect(await doc.locator('script').count()).toBe(0);
    expect(await doc.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await doc.locator('img[src^="https://tracker.example"]').count()).toBe(0);
    expect(await agent.title()).not.toBe('owned');
    await message.getByText('Remote images are blocked.').waitFor();
    await message.getByTestId('show-images').click();
    await doc.locator('img[src="https://tracker.example/pixel.gif"]').waitFor({ state: 'attached' });

    await agent.getByTestId('composer').fill('Sorry, Kate! It left our warehouse today.');
    await agent.getByTestId('composer').press('Enter');
    const reply = agent.getByTestId('message').filter({ hasText: 'It left our warehouse today.' });
    await reply.locator('[data-testid=read-mark][data-delivery=sent]').waitFor({ timeout: 15_000 });
    const outbox = path.join(dataDir, 'mail-outbox');
    await until(async () => fs.existsSync(outbox) && fs.readdirSync(outbox).some((f) => fs.readFileSync(path.join(outbox, f), 'utf8').includes('It left our warehouse today.')), true);
    const eml = fs.readdirSync(outbox).map((f) => fs.readFileSync(path.join(outbox, f), 'utf8')).find((s) => s.includes('It left our warehouse today.')) ?? '';
    expect(eml).toMatch(/^In-Reply-To: <order-1042@client\.test>$/m);
    expect(eml).toMatch(/^Subject: Re: Order #1042 missing$/m);
    expect(eml).toMatch(/^To: kate\.kowalska@client\.test$/m);
    await ctx.close();
  });
  it('a mail that lost its headers opened a new conversation: the agent moves it into the earlier one from the thread', async () => {
    const mail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await mail.sendMail({ from: '"Maria Rossi" <maria.rossi@client.test>', to: 'demo-mail@parley.localhost', subject: 'Invoice 77', text: 'Could you send invoice 77?', messageId: '<inv-77@client.test>' });
    const refOf = async (id: string) => (await parley.server.sql<{ conversation_id: string }>(`SELECT conversation_id FROM channel_message_refs WHERE external_id = $1`, [id]))[0];
    const ref = async (id: string) => {
      await until(async () => !!(await refOf(id)), true, 15_000);
      return (await refOf(id))!;
    };
    const first = await ref('<inv-77@client.test>');
    await parley.server.sql(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [first.conversation_id]);
    await mail.sendMail({ from: 'maria.rossi@client.test', to: 'demo-mail@parley.localhost', subject: 'again', text: 'Any news on invoice 77?', messageId: '<inv-77b@client.test>' });
    const second = await ref('<inv-77b@client.test>');
    expect(second.conversation_id).not.toBe(first.conversation_id);

    const ctx = await parley.browser.newContext();
    const agent = await ctx.newPage();
    await parley.signIn(agent, 'admin@demo.test');
    await agent.goto(`${parley.server.url}/inbox/${second.conversation_id}`);
    const message = agent.getByTestId('message').filter({ hasText: 'Any news on invoice 77?' });
    await message.waitFor({ timeout: 15_000 });
    await agent.getByTestId('move-mail').click();
    const target = agent.getByTestId('move-target').filter({ hasText: 'Invoice 77' });
    await target.waitFor();
    expect(await agent.getByTestId('move-target').count()).toBe(1);
    await target.click();
    await agent.getByTestId('move-done').click();
    await agent.waitForURL(`**/inbox/${first.conversation_id}`);
    await agent.getByTestId('message').filter({ hasText: 'Any news on invoice 77?' }).waitFor();
    await agent.getByTestId('message').filter({ hasText: 'Could you send invoice 77?' }).waitFor();
    expect((await ref('<inv-77b@client.test>')).conversation_id).toBe(first.conversation_id);
    await ctx.close();
  });
});
