import { LOGIN_BACKOFF_AFTER_FAILURES, LOGIN_FAILURES_PER_EMAIL } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';

const CREATE = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const CHANGE_PASSWORD = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const CHANGE_EMAIL = `mutation($i: ChangeEmailInput!) { changeEmail(input: $i) { email } }`;

type Result = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: Record<string, unknown> | null };

/**
 * Issue #16 item 9: every credential check is limited on every transport, per (e-mail, address),
 * with a slower per-e-mail backoff instead of a lockout that an attacker could aim at someone.
 */
describe('credential check limits (integration)', () => {
  let t: TestApp;
  let admin: string;
  let n = 0;

  // one trusted proxy: X-Forwarded-For names the client, so the tests can speak from several addresses
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: '1' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => t?.stop());

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const code = (r: Result) => r.errors?.[0]?.extensions?.['code'];
  const limited = (r: Result) => {
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_ATTEMPTS' });
    expect(r.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
  };

  async function newOperator(): Promise<{ id: string; email: string }> {
    const email = `limit${++n}-${Date.now()}@demo.test`;
    const r = await t.graphql<{ createOperator: { id: string } }>(CREATE, { i: { email, displayName: `Limit ${n}`, password: 'parley-demo', role: 'agent' } }, admin);
    expect(r.errors).toBeUndefined();
    return { id: r.data!.createOperator.id, email };
  }
  const login = (email: string, password: string, ip: string) => t.graphql(LOGIN, { i: { email, password } }, undefined, from(ip)) as Promise<Result>;

  it('an attacker failing from one address is locked out there, but the right password still signs in from another', async () => {
    const op = await newOperator();
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL + 3; i++) {
      const r = await login(op.email, `guess-${i}`, '203.0.113.9');
      if (i < LOGIN_FAILURES_PER_EMAIL) expect(code(r)).toBe('INVALID_CREDENTIALS');
      else limited(r);
    }
    // the per-(e-mail, address) lock holds even for the right password from the attacker's address …
    limited(await login(op.email.toUpperCase(), 'parley-demo', '203.0.113.9'));
    // … but the operator signs in from their own address
    const ok = await login(op.email, 'parley-demo', '198.51.100.7');
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.['login']).toBeTruthy();
  });

  it('many addresses failing for one e-mail get a short, capped backoff — never a long lockout', async () => {
    const op = await newOperator();
    for (let i = 0; i < LOGIN_BACKOFF_AFTER_FAILURES; i++) expect(code(await login(op.email, `guess-${i}`, `192.0.2.${i + 1}`))).toBe('INVALID_CREDENTIALS');
    const backoff = await login(op.email, 'parley-demo', '198.51.100.8');
    limited(backoff);
    expect(backoff.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeLessThanOrEqual(60);
    // once the short delay since the last failure has passed, the right password works from anywhere
    await t.db.query(`UPDATE login_failures SET at = at - interval '2 seconds' WHERE key LIKE $1`, [`email:${op.email}%`]);
    expect((await login(op.email, 'parley-demo', '198.51.100.8')).errors).toBeUndefined();
  });

  it('login sent over an authenticated graphql-ws connection is limited by the socket’s address, sharing the count with HTTP', async () => {
    const op = await newOperator();
    const token = await t.login('anna@demo.test');
    const sub = t.subscriptions(token);
    await sub.connected;
    const overWs = (password: string) =>
      new Promise<Result>((resolve) => {
        let result: Result = {};
        sub.client.subscribe(
          { query: LOGIN, variables: { i: { email: op.email, password } } },
          { next: (r) => (result = r as Result), error: (e) => resolve({ errors: [{ message: String(e), extensions: { code: 'WS_ERROR' } }] }), complete: () => resolve(result) },
        );
      });
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) expect(code(await overWs(`guess-${i}`))).toBe('INVALID_CREDENTIALS');
    limited(await overWs('parley-demo'));
    limited(await overWs('another-guess'));
    // the same address over HTTP is locked for this e-mail too (no X-Forwarded-For: the peer, 127.0.0.1)
    limited((await t.graphql(LOGIN, { i: { email: op.email, password: 'parley-demo' } })) as Result);
    await sub.client.dispose();
  });

  it('changePassword stops accepting wrong current passwords; the limit is per address, and nothing changes meanwhile', async () => {
    const op = await newOperator();
    const token = (await login(op.email, 'parley-demo', '198.51.100.20')).data!['login'] as { accessToken: string };
    const change = (currentPassword: string, ip: string) =>
      t.graphql(CHANGE_PASSWORD, { i: { currentPassword, newPassword: 'brand-new-pass' } }, token.accessToken, from(ip)) as Promise<Result>;
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) expect(code(await change(`wrong-${i}`, '203.0.113.50'))).toBe('INVALID_CREDENTIALS');
    limited(await change('parley-demo', '203.0.113.50'));
    limited(await change('wrong-again', '203.0.113.50'));
    const [{ n: hashes }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action = 'operator.password_changed'`, [op.id]);
    expect(hashes).toBe(0);
    // changeEmail shares the count (the same re-entered password)
    limited((await t.graphql(CHANGE_EMAIL, { i: { email: `x${op.email}`, currentPassword: 'parley-demo' } }, token.accessToken, from('203.0.113.50'))) as Result);
    // from another address the right current password still works
    expect((await change('parley-demo', '198.51.100.21')).errors).toBeUndefined();
    expect(code(await login(op.email, 'brand-new-pass', '198.51.100.21'))).toBeUndefined();
  });

  it('forged or junk X-Forwarded-For values do not dodge the limit', async () => {
    const op = await newOperator();
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) {
      // junk is not an address: the proxy's peer counts instead, the same each time
      expect(code(await login(op.email, `guess-${i}`, `not-an-ip-${i}`))).toBe('INVALID_CREDENTIALS');
    }
    limited(await login(op.email, 'parley-demo', 'still-not-an-ip'));
  });
});
