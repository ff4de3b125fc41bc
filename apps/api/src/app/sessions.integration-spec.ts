import { TokenService } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';

const CREATE = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id role } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const REFRESH = `mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken refreshToken } }`;
const CHANGE_PASSWORD = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const LOGOUT = `mutation($all: Boolean) { logout(allDevices: $all) }`;
const CHANGE_ROLE = `mutation($i: ChangeOperatorRoleInput!) { changeOperatorRole(input: $i) { id role } }`;
const DEACTIVATE = `mutation($i: OperatorIdInput!) { deactivateOperator(input: $i) { id active } }`;
const ME = `{ me { id role } }`;
const OPERATORS_SUB = `subscription { operatorUpdated { id } }`;

interface Device {
  access: string;
  refresh: string;
  closed: Promise<{ code: number; reason: string }>;
  isOpen: () => boolean;
  dispose: () => void | Promise<void>;
}

/**
 * Issue #16 item 6: a password change, logout (this device / all devices) and deactivation end the
 * affected sessions at once — access tokens refused, graphql-ws sockets closed with 4401 — and a
 * role change closes the sockets (4403, reconnect with the new role).
 */
describe('session ending (integration)', () => {
  let t: TestApp;
  let admin: string;
  let n = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => t?.stop());

  const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.['code'];
  const reason = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.['reason'];

  async function newOperator(role = 'agent'): Promise<{ id: string; email: string }> {
    const email = `dev${++n}-${Date.now()}@demo.test`;
    const r = await t.graphql<{ createOperator: { id: string } }>(CREATE, { i: { email, displayName: `Device ${n}`, password: 'parley-demo', role } }, admin);
    expect(r.errors).toBeUndefined();
    return { id: r.data!.createOperator.id, email };
  }

  async function device(email: string, password = 'parley-demo'): Promise<Device> {
    const r = await t.graphql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { i: { email, password } });
    expect(r.errors).toBeUndefined();
    const { accessToken, refreshToken } = r.data!.login;
    const sub = t.subscriptions(accessToken);
    let open = true;
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      sub.client.on('closed', (e) => {
        open = false;
        resolve(e as { code: number; reason: string });
      }),
    );
    sub.client.subscribe({ query: OPERATORS_SUB }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await sub.connected;
    // the subscription is registered server-side once the server answers an operation on the socket
    await new Promise((r) => setTimeout(r, 100));
    return { access: accessToken, refresh: refreshToken, closed, isOpen: () => open, dispose: () => sub.client.dispose() };
  }

  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`not within ${ms} ms`)), ms))]);

  it('changePassword on B closes A (4401 within a second), refuses A’s access and refresh tokens; B stays signed in', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    const b = await device(op.email);
    const r = await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'parley-demo', newPassword: 'brand-new-pass' } }, b.access, { cookie: `parley_rt=${b.refresh}` });
    expect(r.errors).toBeUndefined();
    const closed = await within(a.closed, 1000);
    expect(closed.code).toBe(4401);
    const meA = await t.graphql(ME, {}, a.access);
    expect(code(meA)).toBe('UNAUTHENTICATED');
    expect(reason(meA)).toBe('SESSION_ENDED');
    expect(code(await t.graphql(REFRESH, { i: { refreshToken: a.refresh } }))).toBe('UNAUTHENTICATED');
    // a new socket with A's old token is refused too
    const again = t.subscriptions(a.access);
    await expect(again.connected).rejects.toMatchObject({ code: 4403 });
    await again.client.dispose();
    // B: same access token works, its socket is open, and its refresh token still rotates
    expect((await t.graphql(ME, {}, b.access)).data?.['me'].id).toBe(op.id);
    expect(b.isOpen()).toBe(true);
    const refreshed = await t.graphql<{ refreshSession: { accessToken: string } }>(REFRESH, { i: { refreshToken: b.refresh } });
    expect(refreshed.errors).toBeUndefined();
    expect((await t.graphql(ME, {}, refreshed.data!.refreshSession.accessToken)).data?.['me'].id).toBe(op.id);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('a wrong current password ends nothing', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    const b = await device(op.email);
    const r = await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'wrong-password', newPassword: 'brand-new-pass' } }, b.access);
    expect(code(r)).toBe('INVALID_CREDENTIALS');
    await new Promise((res) => setTimeout(res, 300));
    expect(a.isOpen()).toBe(true);
    expect((await t.graphql(ME, {}, a.access)).data?.['me'].id).toBe(op.id);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('logout (this device) ends only that session: its socket closes with 4401, its token is refused, the other device goes on', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    const b = await device(op.email);
    expect((await t.graphql(LOGOUT, {}, a.access, { cookie: `parley_rt=${a.refresh}` })).data?.['logout']).toBe(true);
    expect((await within(a.closed, 1000)).code).toBe(4401);
    expect(code(await t.graphql(ME, {}, a.access))).toBe('UNAUTHENTICATED');
    expect(code(await t.graphql(REFRESH, { i: { refreshToken: a.refresh } }))).toBe('UNAUTHENTICATED');
    expect((await t.graphql(ME, {}, b.access)).data?.['me'].id).toBe(op.id);
    expect(b.isOpen()).toBe(true);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('logout with only the access token (no cookie) ends that token’s session', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    expect((await t.graphql(LOGOUT, {}, a.access)).data?.['logout']).toBe(true);
    expect((await within(a.closed, 1000)).code).toBe(4401);
    expect(code(await t.graphql(ME, {}, a.access))).toBe('UNAUTHENTICATED');
    expect(code(await t.graphql(REFRESH, { i: { refreshToken: a.refresh } }))).toBe('UNAUTHENTICATED');
    await a.dispose();
  });

  it('logout(allDevices: true) ends every session of the operator, and no one else’s', async () => {
    const op = await newOperator();
    const other = await newOperator();
    const a = await device(op.email);
    const b = await device(op.email);
    const c = await device(other.email);
    expect((await t.graphql(LOGOUT, { all: true }, b.access, { cookie: `parley_rt=${b.refresh}` })).data?.['logout']).toBe(true);
    const [ca, cb] = await within(Promise.all([a.closed, b.closed]), 1000);
    expect([ca.code, cb.code]).toEqual([4401, 4401]);
    for (const d of [a, b]) {
      expect(code(await t.graphql(ME, {}, d.access))).toBe('UNAUTHENTICATED');
      expect(code(await t.graphql(REFRESH, { i: { refreshToken: d.refresh } }))).toBe('UNAUTHENTICATED');
    }
    expect(c.isOpen()).toBe(true);
    expect((await t.graphql(ME, {}, c.access)).data?.['me'].id).toBe(other.id);
    // signing in again works
    await expect(t.login(op.email)).resolves.toEqual(expect.any(String));
    await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
  });

  it('logout with nothing, a garbage cookie or a garbage token ends nothing and still answers true', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    expect((await t.graphql(LOGOUT, { all: true })).data?.['logout']).toBe(true);
    expect((await t.graphql(LOGOUT, { all: true }, 'not-a-jwt', { cookie: 'parley_rt=garbage' })).data?.['logout']).toBe(true);
    await new Promise((res) => setTimeout(res, 300));
    expect(a.isOpen()).toBe(true);
    expect((await t.graphql(ME, {}, a.access)).data?.['me'].id).toBe(op.id);
    await a.dispose();
  });

  it('another operator’s refresh cookie next to my access token does not end their session', async () => {
    const me = await newOperator();
    const victim = await newOperator();
    const mine = await device(me.email);
    const theirs = await device(victim.email);
    expect((await t.graphql(LOGOUT, { all: true }, mine.access, { cookie: `parley_rt=${theirs.refresh}` })).data?.['logout']).toBe(true);
    expect((await within(mine.closed, 1000)).code).toBe(4401);
    await new Promise((res) => setTimeout(res, 200));
    expect(theirs.isOpen()).toBe(true);
    expect((await t.graphql(ME, {}, theirs.access)).data?.['me'].id).toBe(victim.id);
    expect((await t.graphql(REFRESH, { i: { refreshToken: theirs.refresh } })).errors).toBeUndefined();
    await Promise.all([mine.dispose(), theirs.dispose()]);
  });

  it('deactivation closes every socket of the operator at once and refuses their tokens', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    const b = await device(op.email);
    expect((await t.graphql(DEACTIVATE, { i: { operatorId: op.id } }, admin)).errors).toBeUndefined();
    const [ca, cb] = await within(Promise.all([a.closed, b.closed]), 1000);
    expect([4401, 4403]).toContain(ca.code);
    expect([4401, 4403]).toContain(cb.code);
    expect(code(await t.graphql(ME, {}, a.access))).toBe('UNAUTHENTICATED');
    expect(code(await t.graphql(REFRESH, { i: { refreshToken: b.refresh } }))).toBe('UNAUTHENTICATED');
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('a role change closes the sockets at once; the old token acts with the new role only', async () => {
    const op = await newOperator('supervisor');
    const a = await device(op.email);
    expect((await t.graphql(CHANGE_ROLE, { i: { operatorId: op.id, role: 'agent' } }, admin)).errors).toBeUndefined();
    expect((await within(a.closed, 1000)).code).toBe(4403);
    expect((await t.graphql(ME, {}, a.access)).data?.['me'].role).toBe('agent');
    // the supervisor right is gone for the old token
    expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: op.id, role: 'supervisor' } }, a.access))).toBe('FORBIDDEN');
    // a refreshed session carries the new role
    const refreshed = await t.graphql<{ refreshSession: { accessToken: string } }>(REFRESH, { i: { refreshToken: a.refresh } });
    expect(refreshed.errors).toBeUndefined();
    expect((await t.graphql(ME, {}, refreshed.data!.refreshSession.accessToken)).data?.['me'].role).toBe('agent');
    await a.dispose();
  });

  it('reusing a rotated refresh token (theft signal) ends every session of the operator and closes their sockets', async () => {
    const op = await newOperator();
    const a = await device(op.email);
    const rotated = await t.graphql(REFRESH, { i: { refreshToken: a.refresh } });
    expect(rotated.errors).toBeUndefined();
    const reused = await t.graphql(REFRESH, { i: { refreshToken: a.refresh } });
    expect(reason(reused)).toBe('REFRESH_TOKEN_REUSED');
    expect((await within(a.closed, 1000)).code).toBe(4401);
    expect(code(await t.graphql(ME, {}, a.access))).toBe('UNAUTHENTICATED');
    await a.dispose();
  });

  it('a forged sid claim or a token without one is refused', async () => {
    const op = await newOperator();
    const tokens = t.app.get(TokenService);
    const ws = (await t.db.query(`SELECT workspace_id FROM operators WHERE id = $1`, [op.id]))[0].workspace_id;
    const noSid = tokens.signAccessToken({ operatorId: op.id, workspaceId: ws, role: OperatorRole.agent }).token;
    const badSid = tokens.signAccessToken({ operatorId: op.id, workspaceId: ws, role: OperatorRole.agent, sessionId: '00000000-0000-4000-8000-000000000000' }).token;
    const junkSid = tokens.signAccessToken({ operatorId: op.id, workspaceId: ws, role: OperatorRole.agent, sessionId: "'; DROP TABLE x; --" }).token;
    for (const tok of [noSid, badSid, junkSid]) expect(code(await t.graphql(ME, {}, tok))).toBe('UNAUTHENTICATED');
  });
});
