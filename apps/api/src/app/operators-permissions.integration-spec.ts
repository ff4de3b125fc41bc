import { LOGIN_FAILURES_PER_EMAIL, LOGIN_FAILURES_PER_IP } from '@parley/shared/contracts';
import { solidPng } from '../testing/png';
import { collect, TestApp } from '../testing/test-app';

const OPERATORS = `{ operators { id email role active displayName permissions } }`;
const ME = `{ me { id email displayName role active languages soundEnabled pushEnabled avatarUrl permissions } }`;
const CREATE = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id role } }`;
const CHANGE_ROLE = `mutation($i: ChangeOperatorRoleInput!) { changeOperatorRole(input: $i) { id role } }`;
const DEACTIVATE = `mutation($i: OperatorIdInput!) { deactivateOperator(input: $i) { id active } }`;
const REACTIVATE = `mutation($i: OperatorIdInput!) { reactivateOperator(input: $i) { id active } }`;
const AUDIT = `{ auditLog(first: 100) { nodes { action actorName targetId details } } }`;
const GROUPS = `{ permissionGroups { id name permissions memberIds } }`;
const CREATE_GROUP = `mutation($i: CreatePermissionGroupInput!) { createPermissionGroup(input: $i) { id name permissions memberIds } }`;
const UPDATE_GROUP = `mutation($i: UpdatePermissionGroupInput!) { updatePermissionGroup(input: $i) { id name permissions } }`;
const DELETE_GROUP = `mutation($id: ID!) { deletePermissionGroup(id: $id) }`;
const MEMBERS = `mutation($i: SetPermissionGroupMembersInput!) { setPermissionGroupMembers(input: $i) { id memberIds } }`;
const DELETE_CONVERSATIONS = `mutation($i: DeleteConversationsInput!) { deleteConversations(input: $i) { deletedIds } }`;
const UPDATE_PROFILE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { displayName languages soundEnabled pushEnabled } }`;
const CHANGE_EMAIL = `mutation($i: ChangeEmailInput!) { changeEmail(input: $i) { email } }`;
const CHANGE_PASSWORD = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const SET_AVATAR = `mutation($i: SetAvatarInput!) { setAvatar(input: $i) { id avatarUrl } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken operator { email permissions } } }`;
const REFRESH = `mutation($i: RefreshSessionInput) { refreshSession(input: $i) { accessToken } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.['code'];

describe('operators, roles and permissions (integration)', () => {
  let t: TestApp;
  let admin: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
    const sup = await t.graphql(CREATE, { i: { email: 'sam@demo.test', displayName: 'Sam Supervisor', password: 'parley-demo', role: 'supervisor' } }, admin);
    expect(sup.errors).toBeUndefined();
    const list = await t.graphql<{ operators: Array<{ id: string; email: string }> }>(OPERATORS, {}, admin);
    ids = Object.fromEntries(list.data!.operators.map((o) => [o.email.split('@')[0], o.id]));
  });
  afterAll(async () => t?.stop());

  const role = async (who: string) => (await t.db.query(`SELECT role FROM operators WHERE id = $1`, [ids[who]]))[0].role;
  const audit = async () => (await t.graphql<{ auditLog: { nodes: Array<{ action: string; actorName: string; targetId: string; details: string }> } }>(AUDIT, {}, admin)).data!.auditLog.nodes;

  describe('roles (SPEC B2)', () => {
    it('agents and observers change nothing', async () => {
      for (const who of ['anna@demo.test', 'olga@demo.test']) {
        const token = await t.login(who);
        expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['boris'], role: 'observer' } }, token))).toBe('FORBIDDEN');
        expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['olga'], role: 'agent' } }, token))).toBe('FORBIDDEN');
        expect(code(await t.graphql(DEACTIVATE, { i: { operatorId: ids['boris'] } }, token))).toBe('FORBIDDEN');
        expect(code(await t.graphql(GROUPS, {}, token))).toBe('FORBIDDEN');
      }
      expect(await role('boris')).toBe('agent');
      expect(await role('olga')).toBe('observer');
    });

    it('a supervisor only makes observers agents: never grants observer, supervisor or admin, never touches admins', async () => {
      const sam = await t.login('sam@demo.test');
      for (const [who, next] of [
        ['boris', 'observer'],
        ['boris', 'supervisor'],
        ['boris', 'admin'],
        ['admin', 'agent'],
      ]) {
        const r = await t.graphql(CHANGE_ROLE, { i: { operatorId: ids[who], role: next } }, sam);
        expect(code(r)).toBe('FORBIDDEN');
      }
      expect(code(await t.graphql(DEACTIVATE, { i: { operatorId: ids['boris'] } }, sam))).toBe('FORBIDDEN');
      expect(await role('boris')).toBe('agent');
      expect(await role('admin')).toBe('admin');

      const ok = await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['olga'], role: 'agent' } }, sam);
      expect(ok.errors).toBeUndefined();
      expect(ok.data?.['changeOperatorRole']).toEqual({ id: ids['olga'], role: 'agent' });
      const entry = (await audit()).find((e) => e.action === 'operator.role_changed' && e.targetId === ids['olga']);
      expect(entry?.actorName).toBe('Sam Supervisor');
      expect(JSON.parse(entry!.details)).toMatchObject({ from: 'observer', to: 'agent' });
      // back to observer: only an admin may do that
      expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['olga'], role: 'observer' } }, sam))).toBe('FORBIDDEN');
      expect((await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['olga'], role: 'observer' } }, admin)).errors).toBeUndefined();
    });

    it('an admin changes roles; the new role applies to the open session at once and is audited', async () => {
      const anna = await t.login('anna@demo.test');
      expect(code(await t.graphql(OPERATORS, {}, anna))).toBe('FORBIDDEN');
      const sub = t.subscriptions(anna);
      await sub.connected;
      const closed = new Promise<number>((resolve) => sub.client.on('closed', (e) => resolve((e as { code: number }).code)));
      const r = await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['anna'], role: 'supervisor' } }, admin);
      // running subscriptions do not keep the old rights: the socket closes, the app reconnects
      expect(await closed).toBe(4403);
      await sub.client.dispose();
      expect(r.data?.['changeOperatorRole'].role).toBe('supervisor');
      // same access token, current role
      expect((await t.graphql(OPERATORS, {}, anna)).errors).toBeUndefined();
      const entry = (await audit()).find((e) => e.action === 'operator.role_changed' && e.targetId === ids['anna']);
      expect(JSON.parse(entry!.details)).toMatchObject({ from: 'agent', to: 'supervisor', email: 'anna@demo.test' });
      await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['anna'], role: 'agent' } }, admin);
      expect(code(await t.graphql(OPERATORS, {}, anna))).toBe('FORBIDDEN');
    });

    it('nobody demotes or deactivates the last active admin', async () => {
      const self = await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['admin'], role: 'agent' } }, admin);
      expect(self.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_ADMIN' });
      expect(code(await t.graphql(DEACTIVATE, { i: { operatorId: ids['admin'] } }, admin))).toBe('FORBIDDEN');
      expect(await role('admin')).toBe('admin');

      // a second admin, deactivated, does not count: the first is still the last active one
      const second = await t.graphql<{ createOperator: { id: string } }>(CREATE, { i: { email: 'ada@demo.test', displayName: 'Ada Admin', password: 'parley-demo', role: 'admin' } }, admin);
      const adaId = second.data!.createOperator.id;
      const ada = await t.login('ada@demo.test');
      expect((await t.graphql(DEACTIVATE, { i: { operatorId: adaId } }, admin)).errors).toBeUndefined();
      expect(code(await t.graphql(ME, {}, ada))).toBe('UNAUTHENTICATED');
      expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['admin'], role: 'agent' } }, admin))).toBe('CONFLICT');
      // with two active admins one may demote the other, never the remaining one
      await t.graphql(REACTIVATE, { i: { operatorId: adaId } }, admin);
      await expect(t.login('ada@demo.test')).resolves.toEqual(expect.any(String));
      expect((await t.graphql(CHANGE_ROLE, { i: { operatorId: adaId, role: 'agent' } }, admin)).errors).toBeUndefined();
      expect(code(await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['admin'], role: 'supervisor' } }, admin))).toBe('CONFLICT');
    });

    it.each([
      ['a malformed id', { operatorId: 'nope', role: 'agent' }, 'BAD_USER_INPUT'],
      ['an unknown operator', { operatorId: '00000000-0000-4000-8000-000000000000', role: 'agent' }, 'NOT_FOUND'],
    ])('refuses %s', async (_label, input, expected) => {
      expect(code(await t.graphql(CHANGE_ROLE, { i: input }, admin))).toBe(expected);
    });

    it('refuses an unknown role', async () => {
      const r = await t.graphql(CHANGE_ROLE, { i: { operatorId: ids['boris'], role: 'god' } }, admin);
      expect(r.status).toBe(400);
      expect(r.errors?.[0].message).toMatch(/OperatorRole/);
    });
  });

  describe('deactivation', () => {
    it('a deactivated operator cannot log in and their open sessions end at once; reactivation restores login', async () => {
      const login = await t.graphql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { i: { email: 'boris@demo.test', password: 'parley-demo' } });
      const { accessToken, refreshToken } = login.data!.login;
      // an open live connection is closed too (and cannot be reopened with the same token)
      const sub = t.subscriptions(accessToken);
      await sub.connected;
      const closed = new Promise<number>((resolve) => sub.client.on('closed', (e) => resolve((e as { code: number }).code)));
      const r = await t.graphql(DEACTIVATE, { i: { operatorId: ids['boris'] } }, admin);
      expect(await closed).toBe(4403);
      const reopened = t.subscriptions(accessToken);
      await expect(reopened.connected).rejects.toMatchObject({ code: 4403 });
      await Promise.all([sub.client.dispose(), reopened.client.dispose()]);
      expect(r.data?.['deactivateOperator']).toEqual({ id: ids['boris'], active: false });

      const me = await t.graphql(ME, {}, accessToken);
      expect(me.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'OPERATOR_DEACTIVATED' });
      expect(code(await t.graphql(REFRESH, { i: { refreshToken } }))).toBe('UNAUTHENTICATED');
      const again = await t.graphql(LOGIN, { i: { email: 'boris@demo.test', password: 'parley-demo' } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATOR_DEACTIVATED' });
      expect(again.errors?.[0].message).toMatch(/deactivated/);
      // a wrong password still says only that
      expect(code(await t.graphql(LOGIN, { i: { email: 'boris@demo.test', password: 'wrong-one' } }))).toBe('INVALID_CREDENTIALS');

      const list = await t.graphql<{ operators: Array<{ id: string; active: boolean }> }>(OPERATORS, {}, admin);
      expect(list.data!.operators.find((o) => o.id === ids['boris'])?.active).toBe(false);
      expect((await audit()).some((e) => e.action === 'operator.deactivated' && e.targetId === ids['boris'])).toBe(true);

      expect((await t.graphql(REACTIVATE, { i: { operatorId: ids['boris'] } }, admin)).data?.['reactivateOperator'].active).toBe(true);
      await expect(t.login('boris@demo.test')).resolves.toEqual(expect.any(String));
      expect((await audit()).some((e) => e.action === 'operator.reactivated' && e.targetId === ids['boris'])).toBe(true);
      expect(code(await t.graphql(REACTIVATE, { i: { operatorId: 'x' } }, admin))).toBe('BAD_USER_INPUT');
    });
  });

  describe('permissions (SPEC F1)', () => {
    it("me.permissions is the role's defaults; agents cannot delete history", async () => {
      const adminMe = await t.graphql(ME, {}, admin);
      expect(adminMe.data?.['me'].permissions).toContain('delete_history');
      const anna = await t.login('anna@demo.test');
      const annaMe = await t.graphql(ME, {}, anna);
      expect(annaMe.data?.['me'].permissions).toEqual(['edit_clients', 'manage_orders', 'see_tasks', 'use_ai_tools']);
      const olga = await t.graphql(ME, {}, await t.login('olga@demo.test'));
      expect(olga.data?.['me'].permissions).toEqual([]);
      // the login payload carries them too
      const login = await t.graphql(LOGIN, { i: { email: 'anna@demo.test', password: 'parley-demo' } });
      expect(login.data?.['login'].operator.permissions).toEqual(['edit_clients', 'manage_orders', 'see_tasks', 'use_ai_tools']);
    });

    it('a group adds rights to its members (union with the role), gates history deletion, and every change is audited', async () => {
      const { conversationId, v } = await t.visitorWithConversation('Please delete me later');
      v.close();
      const anna = await t.login('anna@demo.test');
      const denied = await t.graphql(DELETE_CONVERSATIONS, { i: { conversationIds: [conversationId] } }, anna);
      expect(code(denied)).toBe('FORBIDDEN');
      expect(denied.errors?.[0].message).toMatch(/Delete history/);

      const created = await t.graphql<{ createPermissionGroup: { id: string; permissions: string[] } }>(CREATE_GROUP, { i: { name: '  History  cleaners ', permissions: ['delete_history', 'see_analytics', 'delete_history'] } }, admin);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createPermissionGroup).toMatchObject({ name: 'History cleaners', permissions: ['delete_history', 'see_analytics'], memberIds: [] });
      const groupId = created.data!.createPermissionGroup.id;
      const members = await t.graphql(MEMBERS, { i: { groupId, operatorIds: [ids['anna']] } }, admin);
      expect(members.data?.['setPermissionGroupMembers'].memberIds).toEqual([ids['anna']]);

      const me = await t.graphql(ME, {}, anna);
      expect(me.data?.['me'].permissions).toEqual(['delete_history', 'edit_clients', 'manage_orders', 'see_analytics', 'see_tasks', 'use_ai_tools']);
      const ok = await t.graphql(DELETE_CONVERSATIONS, { i: { conversationIds: [conversationId] } }, anna);
      expect(ok.errors).toBeUndefined();
      expect(ok.data?.['deleteConversations'].deletedIds).toEqual([conversationId]);

      // rights removed from the group are gone at once
      await t.graphql(UPDATE_GROUP, { i: { id: groupId, permissions: ['see_analytics'] } }, admin);
      expect((await t.graphql(ME, {}, anna)).data?.['me'].permissions).toEqual(['edit_clients', 'manage_orders', 'see_analytics', 'see_tasks', 'use_ai_tools']);
      const second = await t.visitorWithConversation('Another one');
      second.v.close();
      expect(code(await t.graphql(DELETE_CONVERSATIONS, { i: { conversationIds: [second.conversationId] } }, anna))).toBe('FORBIDDEN');

      const sup = await t.graphql<{ operators: Array<{ id: string; permissions: string[] }> }>(OPERATORS, {}, await t.login('sam@demo.test'));
      expect(sup.data!.operators.find((o) => o.id === ids['anna'])?.permissions).toContain('see_analytics');

      expect((await t.graphql(DELETE_GROUP, { id: groupId }, admin)).data?.['deletePermissionGroup']).toBe(true);
      expect((await t.graphql(ME, {}, anna)).data?.['me'].permissions).toEqual(['edit_clients', 'manage_orders', 'see_tasks', 'use_ai_tools']);
      expect((await t.graphql(GROUPS, {}, admin)).data?.['permissionGroups']).toEqual([]);

      const actions = (await audit()).filter((e) => e.targetId === groupId).map((e) => e.action);
      expect(actions.sort()).toEqual(['permission_group.created', 'permission_group.deleted', 'permission_group.members_changed', 'permission_group.updated']);
    });

    it('refuses bad group input and non-admins', async () => {
      const g = await t.graphql<{ createPermissionGroup: { id: string } }>(CREATE_GROUP, { i: { name: 'Taggers', permissions: ['create_tags'] } }, admin);
      const groupId = g.data!.createPermissionGroup.id;
      expect(code(await t.graphql(CREATE_GROUP, { i: { name: 'TAGGERS', permissions: [] } }, admin))).toBe('CONFLICT');
      expect(code(await t.graphql(CREATE_GROUP, { i: { name: '   ', permissions: [] } }, admin))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(CREATE_GROUP, { i: { name: 'x'.repeat(81), permissions: [] } }, admin))).toBe('BAD_USER_INPUT');
      expect((await t.graphql(CREATE_GROUP, { i: { name: 'Gods', permissions: ['fly'] } }, admin)).status).toBe(400);
      expect(code(await t.graphql(MEMBERS, { i: { groupId, operatorIds: ['00000000-0000-4000-8000-000000000000'] } }, admin))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(MEMBERS, { i: { groupId, operatorIds: ['nope'] } }, admin))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(MEMBERS, { i: { groupId: '00000000-0000-4000-8000-000000000000', operatorIds: [] } }, admin))).toBe('NOT_FOUND');
      expect(code(await t.graphql(UPDATE_GROUP, { i: { id: 'nope', name: 'x' } }, admin))).toBe('BAD_USER_INPUT');
      const sam = await t.login('sam@demo.test');
      expect(code(await t.graphql(CREATE_GROUP, { i: { name: 'Mine', permissions: ['delete_history'] } }, sam))).toBe('FORBIDDEN');
      expect(code(await t.graphql(MEMBERS, { i: { groupId, operatorIds: [ids['sam']] } }, sam))).toBe('FORBIDDEN');
      expect(code(await t.graphql(DELETE_GROUP, { id: groupId }, sam))).toBe('FORBIDDEN');
    });

    it('deleting an unknown group or one of another workspace is NOT_FOUND and writes no audit entry', async () => {
      const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-${Date.now()}') RETURNING id`);
      const [foreign] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Theirs', '{}') RETURNING id`, [ws.id]);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const auditRows = async () =>
        Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'permission_group.deleted' AND target_id IN ($1, $2)`, [unknown, foreign.id]))[0].n);
      for (const id of [unknown, foreign.id]) {
        const r = await t.graphql(DELETE_GROUP, { id }, admin);
        expect(code(r)).toBe('NOT_FOUND');
        expect(r.data?.['deletePermissionGroup']).toBeUndefined();
      }
      expect(await auditRows()).toBe(0);
      // the other workspace's group is untouched
      expect((await t.db.query(`SELECT 1 FROM permission_groups WHERE id = $1`, [foreign.id])).length).toBe(1);
    });
  });

  describe('profile (SPEC B1)', () => {
    it('edits name, switches and languages; other operators see the change live', async () => {
      const boris = await t.login('boris@demo.test');
      const watcher = t.subscriptions(await t.login('anna@demo.test'));
      const live = collect<{ operatorUpdated: { id: string; displayName: string; languages: string[] } }>(watcher, `subscription { operatorUpdated { id displayName languages } }`, 1);
      await live.ready;
      const r = await t.graphql(UPDATE_PROFILE, { i: { displayName: '  Boris   P. ', soundEnabled: false, pushEnabled: false, languages: ['EN', 'pl', 'pt-br', 'en'] } }, boris);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['updateProfile']).toEqual({ displayName: 'Boris P.', soundEnabled: false, pushEnabled: false, languages: ['en', 'pl', 'pt-BR'] });
      const [event] = await live.done;
      expect(event.operatorUpdated).toEqual({ id: ids['boris'], displayName: 'Boris P.', languages: ['en', 'pl', 'pt-BR'] });
      await watcher.client.dispose();
      // omitted fields stay
      const partial = await t.graphql(UPDATE_PROFILE, { i: { soundEnabled: true } }, boris);
      expect(partial.data?.['updateProfile']).toEqual({ displayName: 'Boris P.', soundEnabled: true, pushEnabled: false, languages: ['en', 'pl', 'pt-BR'] });
    });

    it.each([
      ['an empty name', { displayName: '   ' }, /Enter a name/],
      ['a 101-character name', { displayName: 'n'.repeat(101) }, /at most 100/],
      ['a made-up language', { languages: ['english'] }, /not a language code/],
      ['a language with markup', { languages: ['<b>'] }, /not a language code/],
      ['21 languages', { languages: Array.from({ length: 21 }, (_, i) => `a${String.fromCharCode(97 + i)}`) }, /At most 20/],
      ['a sound switch that is not a boolean', { soundEnabled: 'yes' }, /.+/],
    ])('refuses %s', async (_label, input, message) => {
      const r = await t.graphql(UPDATE_PROFILE, { i: input }, await t.login('boris@demo.test'));
      expect(r.data).toBeFalsy();
      expect(r.errors?.[0].message).toMatch(message);
    });

    it('changes the login e-mail only with the current password', async () => {
      const token = await t.login('boris@demo.test');
      expect(code(await t.graphql(CHANGE_EMAIL, { i: { email: 'boris.p@demo.test', currentPassword: 'wrong' } }, token))).toBe('INVALID_CREDENTIALS');
      expect(code(await t.graphql(CHANGE_EMAIL, { i: { email: 'ANNA@demo.test', currentPassword: 'parley-demo' } }, token))).toBe('CONFLICT');
      expect(code(await t.graphql(CHANGE_EMAIL, { i: { email: 'not-an-email', currentPassword: 'parley-demo' } }, token))).toBe('BAD_USER_INPUT');
      const ok = await t.graphql(CHANGE_EMAIL, { i: { email: 'boris.p@demo.test', currentPassword: 'parley-demo' } }, token);
      expect(ok.data?.['changeEmail'].email).toBe('boris.p@demo.test');
      await expect(t.login('boris.p@demo.test')).resolves.toEqual(expect.any(String));
      expect(code(await t.graphql(LOGIN, { i: { email: 'boris@demo.test', password: 'parley-demo' } }))).toBe('INVALID_CREDENTIALS');
      expect((await audit()).some((e) => e.action === 'operator.email_changed' && e.targetId === ids['boris'])).toBe(true);
      await t.graphql(CHANGE_EMAIL, { i: { email: 'boris@demo.test', currentPassword: 'parley-demo' } }, token);
    });

    it('changes the password with the current one and ends other sessions', async () => {
      const other = await t.graphql<{ login: { refreshToken: string } }>(LOGIN, { i: { email: 'sam@demo.test', password: 'parley-demo' } });
      const token = await t.login('sam@demo.test');
      expect(code(await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'nope', newPassword: 'brand-new-pass' } }, token))).toBe('INVALID_CREDENTIALS');
      expect(code(await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'parley-demo', newPassword: 'short' } }, token))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'parley-demo', newPassword: 'parley-demo' } }, token))).toBe('BAD_USER_INPUT');
      expect((await t.graphql(CHANGE_PASSWORD, { i: { currentPassword: 'parley-demo', newPassword: 'brand-new-pass' } }, token)).data?.['changePassword']).toBe(true);
      await expect(t.login('sam@demo.test', 'brand-new-pass')).resolves.toEqual(expect.any(String));
      expect(code(await t.graphql(REFRESH, { i: { refreshToken: other.data!.login.refreshToken } }))).toBe('UNAUTHENTICATED');
    });
  });

  describe('avatar (SPEC B1)', () => {
    it('stores a 50×50 PNG and serves it at a cache-busted URL', async () => {
      const token = await t.login('anna@demo.test');
      const png = solidPng(50, 50);
      const r = await t.graphql<{ setAvatar: { avatarUrl: string } }>(SET_AVATAR, { i: { data: `data:image/png;base64,${png.toString('base64')}` } }, token);
      expect(r.errors).toBeUndefined();
      const url = r.data!.setAvatar.avatarUrl;
      expect(url).toMatch(new RegExp(`^/api/avatars/${ids['anna']}\\?v=[0-9a-f]{16}$`));
      const res = await fetch(`${t.url}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toMatch(/immutable/);
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
      // a new image, a new URL
      const next = await t.graphql<{ setAvatar: { avatarUrl: string } }>(SET_AVATAR, { i: { data: solidPng(50, 50, [1, 2, 3]).toString('base64') } }, token);
      expect(next.data!.setAvatar.avatarUrl).not.toBe(url);
      expect((await fetch(`${t.url}/api/avatars/${ids['boris']}`)).status).toBe(404);
      expect((await fetch(`${t.url}/api/avatars/not-a-uuid`)).status).toBe(404);
    });

    const big = Buffer.concat([solidPng(50, 50).subarray(0, 33), Buffer.alloc(70 * 1024, 7)]);
    it.each([
      ['a GIF', Buffer.from('GIF89a\x32\x00\x32\x00\x00\x00\x00', 'binary').toString('base64'), /PNG, JPEG or WebP/],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><script>alert(1)</script></svg>').toString('base64'), /PNG, JPEG or WebP/],
      ['an SVG data URL', `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`, /base64-encoded/],
      ['a 60×60 PNG', solidPng(60, 60).toString('base64'), /exactly 50×50.*60×60/],
      ['a 50×49 PNG', solidPng(50, 49).toString('base64'), /exactly 50×50/],
      ['70 KB', big.toString('base64'), /64 KB/],
      ['garbage base64', '!!!not base64!!!', /base64-encoded/],
      ['an empty string', '', /base64-encoded/],
    ])('refuses %s', async (_label, data, message) => {
      const token = await t.login('olga@demo.test');
      const r = await t.graphql(SET_AVATAR, { i: { data } }, token);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].message).toMatch(message);
      expect((await t.db.query(`SELECT avatar_url FROM operators WHERE id = $1`, [ids['olga']]))[0].avatar_url).toBeNull();
    });
  });

  describe('login brute-force limit', () => {
    it(`answers RATE_LIMITED after ${LOGIN_FAILURES_PER_EMAIL} failures for one e-mail, even with the right password; other e-mails still sign in`, async () => {
      await t.graphql(CREATE, { i: { email: 'target@demo.test', displayName: 'Target', password: 'parley-demo', role: 'agent' } }, admin);
      for (let i = 0; i < LOGIN_FAILURES_PER_EMAIL; i++) {
        expect(code(await t.graphql(LOGIN, { i: { email: 'target@demo.test', password: `guess-${i}` } }))).toBe('INVALID_CREDENTIALS');
      }
      const limited = await t.graphql(LOGIN, { i: { email: 'TARGET@demo.test', password: 'parley-demo' } });
      expect(limited.errors?.[0].extensions?.['code']).toBe('RATE_LIMITED');
      expect(limited.errors?.[0].extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
      expect(limited.errors?.[0].message).toMatch(/Too many failed sign-in attempts/);
      await expect(t.login('anna@demo.test')).resolves.toEqual(expect.any(String));
      // once the window has passed, the right password works again
      await t.db.query(`UPDATE login_failures SET at = at - interval '1 hour' WHERE key LIKE 'email:target@demo.test%'`);
      await expect(t.login('target@demo.test')).resolves.toEqual(expect.any(String));
    });

    it(`answers RATE_LIMITED after ${LOGIN_FAILURES_PER_IP} failures from one address, whatever the e-mail`, async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM login_failures WHERE key LIKE 'ip:%' AND at > now() - interval '15 minutes'`);
      for (let i = n; i < LOGIN_FAILURES_PER_IP; i++) {
        expect(code(await t.graphql(LOGIN, { i: { email: `nobody${i}@demo.test`, password: 'x' } }))).toBe('INVALID_CREDENTIALS');
      }
      expect(code(await t.graphql(LOGIN, { i: { email: 'admin@demo.test', password: 'parley-demo' } }))).toBe('RATE_LIMITED');
      await t.db.query(`DELETE FROM login_failures`);
      await expect(t.login('admin@demo.test')).resolves.toEqual(expect.any(String));
    });
  });
});
