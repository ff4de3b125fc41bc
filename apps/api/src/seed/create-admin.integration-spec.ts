import { Readable } from 'node:stream';
import { TestApp } from '../testing/test-app';
import { CreateAdminError, createFirstAdmin, parseCreateAdminArgs, readAdminPassword, runCreateAdminCommand } from './create-admin.command';

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CreateAdminError) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('create-admin: the first admin of a fresh install (integration)', () => {
  let t: TestApp;
  const password = 'correct horse battery';

  beforeAll(async () => {
    // a fresh install: migrations only, no demo workspace
    t = await TestApp.start({}, { seedDemo: false });
  });
  afterAll(async () => t?.stop());

  it('parses its flags and refuses unknown or missing ones', () => {
    expect(parseCreateAdminArgs(['--email', 'a@b.co', '--workspace', 'Shop'])).toEqual({ email: 'a@b.co', workspace: 'Shop' });
    expect(parseCreateAdminArgs(['--email=a@b.co', '--workspace=My Shop', '--name', 'Ada'])).toEqual({ email: 'a@b.co', workspace: 'My Shop', name: 'Ada' });
    for (const argv of [[], ['--email', 'a@b.co'], ['--workspace', 'Shop'], ['--email', '--workspace', 'Shop'], ['--email', 'a@b.co', '--workspace', 'S', '--role', 'x']]) {
      expect(() => parseCreateAdminArgs(argv)).toThrow(CreateAdminError);
    }
  });

  it('reads the password from PARLEY_ADMIN_PASSWORD or the first line of stdin', async () => {
    expect(await readAdminPassword({ PARLEY_ADMIN_PASSWORD: 'from-env-123' }, Readable.from(['ignored\n']))).toBe('from-env-123');
    expect(await readAdminPassword({}, Readable.from(['piped-secret-1', '23\nsecond line\n']))).toBe('piped-secret-123');
  });

  it('refuses a bad e-mail, a short password and a bad workspace name, and creates nothing', async () => {
    for (const email of ['not-an-email', 'a@b', 'a b@c.de', 'x\r\nBcc: y@z.de@c.de', `${'a'.repeat(250)}@b.de`]) {
      expect(await refusal(createFirstAdmin(t.databaseUrl, { email, workspace: 'Shop', password }))).toBe('BAD_EMAIL');
    }
    expect(await refusal(createFirstAdmin(t.databaseUrl, { email: 'owner@shop.test', workspace: 'Shop', password: 'short' }))).toBe('BAD_PASSWORD');
    expect(await refusal(createFirstAdmin(t.databaseUrl, { email: 'owner@shop.test', workspace: 'Shop', password: 'x'.repeat(11) }))).toBe('BAD_PASSWORD');
    expect(await refusal(createFirstAdmin(t.databaseUrl, { email: 'owner@shop.test', workspace: '   ', password }))).toBe('BAD_WORKSPACE');
    const code = await runCreateAdminCommand(t.databaseUrl, ['--email', 'owner@shop.test', '--workspace', 'Shop'], { PARLEY_ADMIN_PASSWORD: 'short' }, Readable.from([]));
    expect(code).toBe(2);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM operators`))[0].n).toBe(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM workspaces`))[0].n).toBe(0);
  });

  it('creates the workspace and its admin, who can sign in; a second run is refused', async () => {
    const code = await runCreateAdminCommand(t.databaseUrl, ['--email', ' Owner@Shop.test ', '--workspace', 'Shop GmbH', '--name', 'Olivia Owner'], {}, Readable.from([`${password}\n`]));
    expect(code).toBe(0);
    const token = await t.login('owner@shop.test', password);
    const me = await t.graphql<{ me: { email: string; role: string; displayName: string } }>(`{ me { email role displayName } }`, {}, token);
    expect(me.data?.me).toEqual({ email: 'Owner@Shop.test', role: 'admin', displayName: 'Olivia Owner' });
    // the demo logins do not exist on this install
    const demo = await t.graphql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: 'parley-demo' } });
    expect(demo.errors?.[0]?.extensions?.['code']).toBe('INVALID_CREDENTIALS');

    expect(await refusal(createFirstAdmin(t.databaseUrl, { email: 'intruder@evil.test', workspace: 'Evil', password }))).toBe('ADMIN_EXISTS');
    expect(await runCreateAdminCommand(t.databaseUrl, ['--email', 'intruder@evil.test', '--workspace', 'Evil'], { PARLEY_ADMIN_PASSWORD: password }, Readable.from([]))).toBe(3);
    expect((await t.db.query(`SELECT email FROM operators`)).map((r: { email: string }) => r.email)).toEqual(['Owner@Shop.test']);
    expect((await t.db.query(`SELECT name, slug FROM workspaces`))).toEqual([{ name: 'Shop GmbH', slug: 'shop-gmbh' }]);
  });
});
