import jwt from 'jsonwebtoken';
import { PURGE_EXPIRED_SESSIONS_JOB } from '@parley/api/identity';
import { QueueName } from '@parley/api/platform/queue';
import { TestApp } from '../testing/test-app';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken accessTokenExpiresAt operator { email role displayName } workspace { slug } } }`;
const ME = `{ me { email role } }`;

describe('authentication and roles (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());

  it('logs in with e-mail and password, sets the refresh cookie and answers `me`', async () => {
    const r = await t.graphql(LOGIN, { i: { email: 'ANNA@demo.test', password: 'parley-demo' } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.['login'].operator).toEqual({ email: 'anna@demo.test', role: 'agent', displayName: 'Anna Nowak' });
    expect(r.data?.['login'].workspace.slug).toBe('demo');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/parley_rt=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.graphql(ME, {}, r.data?.['login'].accessToken);
    expect(me.data?.['me']).toEqual({ email: 'anna@demo.test', role: 'agent' });
  });

  it.each([
    ['a wrong password', { email: 'anna@demo.test', password: 'wrong' }, 'INVALID_CREDENTIALS'],
    ['an unknown e-mail', { email: 'nobody@demo.test', password: 'parley-demo' }, 'INVALID_CREDENTIALS'],
    ['a malformed e-mail', { email: 'not-an-email', password: 'x' }, 'BAD_USER_INPUT'],
    ['an empty password', { email: 'anna@demo.test', password: '' }, 'BAD_USER_INPUT'],
    ['a 5000-character password', { email: 'anna@demo.test', password: 'p'.repeat(5000) }, 'BAD_USER_INPUT'],
  ])('refuses %s with %s', async (_label, input, code) => {
    const r = await t.graphql(LOGIN, { i: input });
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].extensions?.['code']).toBe(code);
  });

  it('needs a token for everything but login', async () => {
    const r = await t.graphql(ME);
    expect(r.errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    const garbage = await t.graphql(ME, {}, 'not-a-token');
    expect(garbage.errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('says the token expired, so the app can refresh', async () => {
    const real = jwt.decode(await t.login('anna@demo.test')) as jwt.JwtPayload;
    const expired = jwt.sign({ ws: real['ws'], role: real['role'], exp: Math.floor(Date.now() / 1000) - 5 }, t.config.jwtSecret, { subject: real.sub, audience: 'operator', issuer: 'parley' });
    const r = await t.graphql(ME, {}, expired);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('rotates refresh tokens from the cookie; a reused one ends the session; logout revokes', async () => {
    const login = await t.graphql(LOGIN, { i: { email: 'boris@demo.test', password: 'parley-demo' } });
    const first = login.data?.['login'].refreshToken as string;
    const refreshed = await t.graphql(`mutation { refreshSession { accessToken refreshToken operator { email } } }`, {}, undefined, { cookie: `parley_rt=${encodeURIComponent(first)}` });
    expect(refreshed.errors).toBeUndefined();
    const second = refreshed.data?.['refreshSession'].refreshToken as string;
    expect(second).not.toBe(first);
    expect(refreshed.data?.['refreshSession'].operator.email).toBe('boris@demo.test');

    const reused = await t.graphql(`mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken } }`, { i: { refreshToken: first } });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    // reuse of a revoked token revoked the whole family
    const afterReuse = await t.graphql(`mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken } }`, { i: { refreshToken: second } });
    expect(afterReuse.errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');

    const again = await t.graphql(LOGIN, { i: { email: 'boris@demo.test', password: 'parley-demo' } });
    const rt = again.data?.['login'].refreshToken as string;
    const out = await t.graphql(`mutation { logout }`, {}, undefined, { cookie: `parley_rt=${encodeURIComponent(rt)}` });
    expect(out.data?.['logout']).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(/parley_rt=;/);
    const afterLogout = await t.graphql(`mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken } }`, { i: { refreshToken: rt } });
    expect(afterLogout.errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    const none = await t.graphql(`mutation { refreshSession { accessToken } }`);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NO_REFRESH_TOKEN' });
  });

  describe('admin operations', () => {
    const CREATE = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { email role displayName } }`;
    const input = { email: 'new.agent@demo.test', displayName: 'New Agent', password: 'long-enough-1', role: 'agent' };

    it('an agent or observer calling an admin mutation is refused', async () => {
      for (const who of ['anna@demo.test', 'olga@demo.test']) {
        const r = await t.graphql(CREATE, { i: input }, await t.login(who));
        expect(r.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      }
      const list = await t.graphql(`{ operators { email } }`, {}, await t.login('anna@demo.test'));
      expect(list.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    });

    it('an admin adds an operator who can then log in; a duplicate e-mail conflicts; bad input is explained', async () => {
      const admin = await t.login('admin@demo.test');
      const r = await t.graphql(CREATE, { i: input }, admin);
      expect(r.data?.['createOperator']).toEqual({ email: 'new.agent@demo.test', role: 'agent', displayName: 'New Agent' });
      await expect(t.login('new.agent@demo.test', 'long-enough-1')).resolves.toEqual(expect.any(String));
      const dup = await t.graphql(CREATE, { i: { ...input, email: 'NEW.agent@demo.test' } }, admin);
      expect(dup.errors?.[0].extensions?.['code']).toBe('CONFLICT');
      const weak = await t.graphql(CREATE, { i: { ...input, email: 'x@demo.test', password: 'short' } }, admin);
      expect(weak.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(weak.errors?.[0].message).toMatch(/8 characters/);
      const badRole = await t.graphql(CREATE, { i: { ...input, email: 'y@demo.test', role: 'god' } }, admin);
      expect(badRole.status).toBe(400);
      expect(badRole.errors?.[0].message).toMatch(/OperatorRole/);
    });
  });

  it('answers malformed GraphQL with a 400 and a code, and the server stays up', async () => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "mutation { login(input: {"' });
    expect(res.status).toBe(400);
    const syntax = await t.graphql(`{ me { `);
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0].extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await t.graphql(`{ nope }`);
    expect(unknown.errors?.[0].extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
  });

  it('purges expired sessions through the job queue', async () => {
    await t.login('anna@demo.test');
    await t.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 day'`);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens`);
    expect(before[0].n).toBeGreaterThan(0);
    await t.queue().add(QueueName.maintenance, PURGE_EXPIRED_SESSIONS_JOB, {});
    await t.queue().idle(10_000);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens`);
    expect(after[0].n).toBe(0);
  });
});
