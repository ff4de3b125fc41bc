import { useParley } from './harness';

/**
 * SPEC A7 in a real browser. The page's Notification and AudioContext are replaced by recorders
 * (headless Chromium shows no notifications and plays no sound), so the test sees exactly what the
 * app asked for: which events notify, when the operator is looking, the one-sound-per-second limit,
 * and that clicking a notification opens the conversation.
 */
describe('operator notifications (Chromium)', () => {
  const parley = useParley();

  it('new chat in the queue and new messages in my chat notify only while I am not looking at them', async () => {
    const agentCtx = await parley.browser.newContext();
    await agentCtx.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const notes: Array<{ title: string; body: string; tag: string; onclick: (() => void) | null }> = [];
      w['__notes'] = notes;
      w['__chimes'] = 0;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string; tag: string }) {
          notes.push(Object.assign(this, { title, body: options.body, tag: options.tag, at: Date.now() }) as never);
        }
        close(): void {
          /* recorded only */
        }
      }
      class FakeAudioContext {
        state = 'running';
        currentTime = 0;
        destination = {};
        resume = async () => undefined;
        close = async () => undefined;
        createOscillator() {
          w['__chimes'] = (w['__chimes'] as number) + 0.5; // two notes per chime
          return { type: '', frequency: { value: 0 }, connect: (x: unknown) => x, start: () => undefined, stop: () => undefined };
        }
        createGain() {
          return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: (x: unknown) => x };
        }
      }
      w['Notification'] = FakeNotification;
      w['AudioContext'] = FakeAudioContext;
    });
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    await agent.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    const notes = () => agent.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes.map((n) => ({ title: n.title, body: n.body })));
    const chimes = () => agent.evaluate(() => (window as unknown as { __chimes: number }).__chimes);

    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const input = visitor.getByTestId('parley-input');
    const say = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
      await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: text }).getByText(/Delivered|Read/).waitFor();
    };

    // a new conversation in the queue: one notification and one sound
    await say('Hello, do you ship to Kraków?');
    await agent.waitForFunction(() => (window as unknown as { __notes: unknown[] }).__notes.length === 1);
    // named as the inbox list names the anonymous visitor (a stable pseudonym, issue #17)
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Hello, do you ship to Kraków?' });
    await row.waitFor();
    const who = ((await row.locator('.name').textContent()) ?? '').trim();
    expect(who).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ #[0-9A-F]{4}$/);
    expect(await notes()).toEqual([{ title: `New conversation: ${who}`, body: 'Hello, do you ship to Kraków?' }]);
    expect(await chimes()).toBe(1);
    // more messages while it waits in the queue: not announced again
    await say('And to Gdańsk?');
    await agent.getByTestId('conversation-row').filter({ hasText: 'And to Gdańsk?' }).waitFor();
    expect((await notes()).length).toBe(1);

    // clicking the notification opens the conversation
    await agent.evaluate(() => (window as unknown as { __notes: Array<{ onclick: () => void }> }).__notes[0].onclick());
    await agent.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await agent.getByTestId('take').click();
    await agent.getByTestId('conversation-status').filter({ hasText: /open/i }).waitFor();

    // my conversation, open and visible: quiet
    await say('Great, thanks');
    await agent.getByTestId('message').filter({ hasText: 'Great, thanks' }).waitFor();
    expect((await notes()).length).toBe(1);

    // back to the inbox (the conversation is not open): new messages in my conversation notify
    await agent.evaluate(() => history.back());
    await agent.waitForURL(/\/inbox$/);
    // the last sound was the first notification's: let the one-per-second window pass
    const firstAt = await agent.evaluate(() => (window as unknown as { __notes: Array<{ at: number }> }).__notes[0].at);
    await agent.waitForFunction((t) => Date.now() - t > 1100, firstAt);
    const soundsBefore = await chimes();
    await input.fill('One more question');
    await input.press('Enter');
    await input.fill('and another');
    await input.press('Enter');
    await agent.waitForFunction(() => (window as unknown as { __notes: unknown[] }).__notes.length === 2 + 1);
    const got = await notes();
    expect(got.slice(1)).toEqual([
      { title: `New message from ${who}`, body: 'One more question' },
      { title: `New message from ${who}`, body: 'and another' },
    ]);
    // two messages within a second: one sound (on a slow machine they may arrive further apart: two)
    const [first, second] = await agent.evaluate(() => (window as unknown as { __notes: Array<{ at: number }> }).__notes.slice(1).map((n) => n.at));
    expect((await chimes()) - soundsBefore).toBe(second - first < 1000 ? 1 : 2);

    await visitorCtx.close();
    await agentCtx.close();
  });
});
