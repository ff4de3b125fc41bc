import { hashPassword } from '@parley/api/identity';
import { ErrorCode, LOGIN_FAILURES_PER_EMAIL } from '@parley/shared/contracts';
import { MailCatcher } from '../testing/mail-catcher';
import { GraphqlResult, TestApp } from '../testing/test-app';

const CREATE = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id email } }`;
const INVITE = `mutation($i: InviteOperatorInput!) { inviteOperator(input: $i) { id email state } }`;
const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { accessToken operator { id email } workspace { id name } } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken operator { id email } workspace { id name } } }`;
const REFRESH = `mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken workspace { id } operator { id } } }`;
const CHANGE_EMAIL = `mutation($i: ChangeEmailInput!) { changeEmail(input: $i) { email } }`;
const CHANGE_PASSWORD = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateOperator(input: { operatorId: $id }) { id active } }`;
const ME = `query { me { id email } workspace { id name } }`;
const tokenOf = (text: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;

type Login = { login: { accessToken: string; refreshToken: string; operator: { id: string; email: string }; workspace: { id: string; name: string } } };

/**
 * Issue #16 (finding 13): an operator e-mail is unique per workspace. Admins conflict only within
 * their own workspace (another workspace's addresses are not revealed); sign-in finds the e-mail in
 * every workspace, and when the password is right for several it asks which one.
 */
describe('operator e-mails are unique per workspace (integration)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let demoAdmin: string;
  let betaAdmin: string;
  let demoId: string;
  let betaId: string;
  let gammaId: string;
  let n = 0;

  // one trusted proxy: X-Forwarded-For names the client, so the limits can be tested from several addresses
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ TRUST_PROXY: '1', SMTP_URL: smtp.url, PUBLIC_URL: 'https://parley.example.com' });
    demoAdmin = await t.login('admin@demo.test');
    demoId = (await t.graphql(ME, {}, demoAdmin)).data?.['workspace'].id;
    const hash = await hashPassword('beta-admin-password');
    [{ id: betaId }] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Beta Bikes', 'beta') RETURNING id`);
    [{ id: gammaId }] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Gamma Garden', 'gamma') RETURNING id`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@beta.test', $2, 'Beta Boss', 'admin')`, [betaId, hash]);
    betaAdmin = await t.login('boss@beta.test', 'beta-admin-password');
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  const ip = () => `198.51.100.${++n}`;
  const login = (i: Record<string, unknown>, from = ip()) => t.graphql<Login>(LOGIN, { i }, undefined, { 'x-forwarded-for': from });
  const code = (r: GraphqlResult) => r.errors?.[0]?.extensions?.['code'];
  const create = (token: string, email: string, password = 'same-password-1') =>
    t.graphql<{ createOperator: { id: string; email: string } }>(CREATE, { i: { email, displayName: email.split('@')[0], password, role: 'agent' } }, token);
  /** The same person as an agent of Demo Shop and of Beta Bikes. */
  async function twoAccounts(email: string, passwords: [string, string] = ['same-password-1', 'same-password-1']): Promise<{ demo: string; beta: string }> {
    const a = await create(demoAdmin, email, passwords[0]);
    const b = await create(betaAdmin, email, passwords[1]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    return { demo: a.data!.createOperator.id, beta: b.data!.createOperator.id };
  }

  it('creates and invites one address in two workspaces, and conflicts only within one', async () => {
    await twoAccounts('shared@people.test');
    // within one workspace, whatever the case: CONFLICT ALREADY_EXISTS on the e-mail field
    const dup = await create(betaAdmin, 'Shared@People.TEST');
    expect(dup.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', field: 'email' });
    expect(dup.errors?.[0].message).toBe('An operator with this e-mail already exists');

    // an invitation for an address of another workspace goes out; one for an own operator's address conflicts
    const invited = await t.graphql(INVITE, { i: { email: 'admin@demo.test', role: 'agent' } }, betaAdmin);
    expect(invited.errors).toBeUndefined();
    expect(invited.data?.['inviteOperator']).toMatchObject({ email: 'admin@demo.test', state: 'pending' });
    const own = await t.graphql(INVITE, { i: { email: 'ADMIN@demo.test', role: 'agent' } }, demoAdmin);
    expect(own.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, field: 'email' });
    const ownBeta = await t.graphql(INVITE, { i: { email: 'shared@people.test', role: 'agent' } }, betaAdmin);
    expect(code(ownBeta)).toBe(ErrorCode.Conflict);

    // accepting creates Alex's second account, in Beta Bikes; the Demo Shop one is untouched
    const mail = await smtp.waitFor((m) => m.to.includes('admin@demo.test') && m.subject.includes('Beta Bikes'));
    const accepted = await t.graphql(ACCEPT, { i: { token: tokenOf(mail.text), displayName: 'Alex at Beta', password: 'alex-beta-password' } });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.['acceptInvitation'].workspace).toEqual({ id: betaId, name: 'Beta Bikes' });
    const rows = await t.db.query(`SELECT workspace_id FROM operators WHERE lower(email) = 'admin@demo.test' ORDER BY created_at`);
    expect(rows.map((r: { workspace_id: string }) => r.workspace_id)).toEqual([demoId, betaId]);
    // a different password per account: each one signs straight in to its own workspace
    const demoLogin = await login({ email: 'admin@demo.test', password: 'parley-demo' });
    expect(demoLogin.data?.login.workspace.id).toBe(demoId);
    const betaLogin = await login({ email: 'admin@demo.test', password: 'alex-beta-password' });
    expect(betaLogin.data?.login.workspace.id).toBe(betaId);
    expect(betaLogin.data?.login.operator.id).toBe(accepted.data?.['acceptInvitation'].operator.id);
  });

  it('one match signs in; two ask which workspace (only after the right password); the choice signs in there', async () => {
    const ids = await twoAccounts('two@people.test');
    const wrong = await login({ email: 'two@people.test', password: 'not-the-password' });
    expect(code(wrong)).toBe(ErrorCode.InvalidCredentials);
    expect(wrong.errors?.[0].extensions?.['workspaces']).toBeUndefined();
    expect(wrong.errors?.[0].message).toBe((await login({ email: 'nobody@people.test', password: 'not-the-password' })).errors?.[0].message);

    const choice = await login({ email: 'TWO@people.test', password: 'same-password-1' });
    expect(choice.data ?? null).toBeNull();
    expect(choice.errors?.[0].extensions).toEqual({
      code: ErrorCode.WorkspaceChoice,
      reason: 'WORKSPACE_CHOICE',
      workspaces: [
        { id: betaId, name: 'Beta Bikes', slug: 'beta' },
        { id: demoId, name: 'Demo Shop', slug: 'demo' },
      ],
    });
    // no session was started by the choice answer
    expect(choice.headers.get('set-cookie')).toBeNull();
    expect((await t.db.query(`SELECT count(*)::int AS n FROM operator_sessions WHERE operator_id = ANY($1)`, [[ids.demo, ids.beta]]))[0].n).toBe(0);

    const chosen = await login({ email: 'two@people.test', password: 'same-password-1', workspaceId: betaId });
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data?.login).toMatchObject({ operator: { id: ids.beta }, workspace: { id: betaId, name: 'Beta Bikes' } });
    const me = await t.graphql(ME, {}, chosen.data!.login.accessToken);
    expect(me.data).toEqual({ me: { id: ids.beta, email: 'two@people.test' }, workspace: { id: betaId, name: 'Beta Bikes' } });
    // the session stays in the chosen workspace through a refresh
    const refreshed = await t.graphql(REFRESH, { i: { refreshToken: chosen.data!.login.refreshToken } });
    expect(refreshed.data?.['refreshSession']).toMatchObject({ workspace: { id: betaId }, operator: { id: ids.beta } });
    const other = await login({ email: 'two@people.test', password: 'same-password-1', workspaceId: demoId });
    expect(other.data?.login.operator.id).toBe(ids.demo);

    // a password change in one workspace leaves the other account alone: then one match signs straight in
    await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'same-password-1', newPassword: 'beta-only-password' } }, chosen.data!.login.accessToken);
    expect((await login({ email: 'two@people.test', password: 'same-password-1' })).data?.login.workspace.id).toBe(demoId);
    expect((await login({ email: 'two@people.test', password: 'beta-only-password' })).data?.login.workspace.id).toBe(betaId);
  });

  it('a wrong or foreign workspace id is the same INVALID_CREDENTIALS; a malformed one is BAD_USER_INPUT', async () => {
    await twoAccounts('picky@people.test');
    const base = { email: 'picky@people.test', password: 'same-password-1' };
    // a workspace where the address has no operator, one that does not exist, the right workspace with a wrong password
    for (const i of [{ ...base, workspaceId: gammaId }, { ...base, workspaceId: '00000000-0000-4000-8000-000000000000' }, { ...base, password: 'wrong-password', workspaceId: betaId }]) {
      const r = await login(i);
      expect(code(r)).toBe(ErrorCode.InvalidCredentials);
      expect(r.errors?.[0].message).toBe('Wrong e-mail or password');
    }
    const bad = await login({ ...base, workspaceId: 'beta' });
    expect(code(bad)).toBe(ErrorCode.BadUserInput);
    // an account deactivated in one workspace does not count: the other signs straight in
    const ids = await twoAccounts('leaver@people.test');
    expect((await t.graphql(DEACTIVATE, { id: ids.demo }, demoAdmin)).data?.['deactivateOperator'].active).toBe(false);
    const r = await login({ email: 'leaver@people.test', password: 'same-password-1' });
    expect(r.data?.login.operator.id).toBe(ids.beta);
    const chosenDeactivated = await login({ email: 'leaver@people.test', password: 'same-password-1', workspaceId: demoId });
    expect(chosenDeactivated.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Forbidden, reason: 'OPERATOR_DEACTIVATED' });
  });

  it('keeps the per-(e-mail, address) limit across workspaces, for the choice and the chosen workspace alike', async () => {
    await twoAccounts('limited@people.test');
    const attacker = '203.0.113.50';
    for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) {
      // guesses with and without a workspace id share one count
      const r = await login({ email: 'limited@people.test', password: `guess-${i}`, ...(i % 2 ? { workspaceId: betaId } : {}) }, attacker);
      expect(code(r)).toBe(ErrorCode.InvalidCredentials);
    }
    for (const i of [{}, { workspaceId: betaId }]) {
      const r = await login({ email: 'limited@people.test', password: 'same-password-1', ...i }, attacker);
      expect(r.errors?.[0].extensions).toMatchObject({ code: ErrorCode.RateLimited, reason: 'TOO_MANY_ATTEMPTS' });
      expect(r.errors?.[0].extensions?.['workspaces']).toBeUndefined();
    }
    // the operator from their own address: the choice, then the chosen workspace
    const own = '198.51.100.250';
    expect(code(await login({ email: 'limited@people.test', password: 'same-password-1' }, own))).toBe(ErrorCode.WorkspaceChoice);
    expect((await login({ email: 'limited@people.test', password: 'same-password-1', workspaceId: demoId }, own)).data?.login.workspace.id).toBe(demoId);
  });

  it('changeEmail conflicts only within the workspace', async () => {
    const { accessToken } = (await login({ email: 'shared@people.test', password: 'same-password-1', workspaceId: demoId })).data!.login;
    const taken = await t.graphql(CHANGE_EMAIL, { i: { email: 'admin@demo.test', currentPassword: 'same-password-1' } }, accessToken);
    expect(taken.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, field: 'email' });
    const elsewhere = await t.graphql(CHANGE_EMAIL, { i: { email: 'boss@beta.test', currentPassword: 'same-password-1' } }, accessToken);
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data?.['changeEmail'].email).toBe('boss@beta.test');
    // Beta's admin still signs in to Beta alone (different passwords)
    expect((await login({ email: 'boss@beta.test', password: 'beta-admin-password' })).data?.login.workspace.id).toBe(betaId);
  });
});
