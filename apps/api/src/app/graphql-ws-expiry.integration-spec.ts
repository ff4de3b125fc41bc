import { TestApp } from '../testing/test-app';

/** graphql-ws checks the access token at connection only, so the server closes the socket when it expires. */
describe('graphql-ws access token expiry (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ ACCESS_TOKEN_TTL_SECONDS: '10' })));
  afterAll(async () => t?.stop());

  it('closes a subscription socket with 4403 when its access token expires, and refuses the expired token on reconnect', async () => {
    const token = await t.login('anna@demo.test');
    const startedAt = Date.now();
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const sub = t.subscriptions(token);
      sub.client.on('closed', (e) => resolve(e as { code: number; reason: string }));
      sub.client.subscribe({ query: `subscription { inboxEvent { kind } }` }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    const event = await closed;
    expect(event.code).toBe(4403);
    expect(event.reason).toBe('Access token expired');
    // JWT expiry has one-second resolution: closed no earlier than ~9 s after login
    expect(Date.now() - startedAt).toBeGreaterThan(8_000);

    const again = t.subscriptions(token);
    await expect(again.connected).rejects.toMatchObject({ code: 4403 });
    await again.client.dispose();
  }, 20_000);

  it('keeps a socket whose token is still valid open', async () => {
    const token = await t.login('boris@demo.test');
    const sub = t.subscriptions(token);
    await sub.connected;
    let closed = false;
    sub.client.on('closed', () => (closed = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(closed).toBe(false);
    await sub.client.dispose();
  });
});
