import { ErrorCode } from '@parley/shared/contracts';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const LIST = `query($view: ConversationView) { conversations(view: $view, first: 100) { nodes { id status assignee { id } } } }`;
const INBOX_EVENT = `subscription { inboxEvent { kind conversation { id status } } }`;
const CREATE_GROUP = `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id name } }`;

let n = 0;
async function offlineRequest(t: TestApp): Promise<string> {
  const v: VisitorClient = await t.visitor();
  await v.welcome();
  const clientId = `day-${++n}`;
  v.sendFrame({ type: 'offline_form', clientId, fields: { name: 'Ola', email: `ola${n}@client.test`, message: 'Are you there?' } });
  const r = await v.waitFor((f) => f.type === 'offline_form_result' && f.clientId === clientId);
  expect(r).toMatchObject({ ok: true, conversationId: expect.any(String) });
  return r.conversationId as string;
}

describe('a day in the inbox: who sees what, and what a duplicate is called (integration)', () => {
  let t: TestApp;
  let admin: string;
  let anna: string;
  let boris: string;
  const ids = async (token: string, view: string): Promise<string[]> =>
    ((await t.graphql(LIST, { view }, token)).data?.['conversations'].nodes ?? []).map((c: { id: string }) => c.id);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
    anna = await t.login('anna@demo.test');
    boris = await t.login('boris@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('SPEC C2: an offline-form request waits in Pending for every agent', () => {
    it('agents find it in Pending and All, and get it live', async () => {
      const sub = t.subscriptions(anna);
      const events = collect<any>(sub, INBOX_EVENT, 1);
      await events.ready;
      const id = await offlineRequest(t);
      const [evt] = await events.done;
      await sub.client.dispose();
      expect(evt.inboxEvent).toMatchObject({ kind: 'message_created', conversation: { id, status: 'pending' } });
      for (const token of [admin, anna, boris]) {
        expect(await ids(token, 'pending')).toContain(id);
        expect(await ids(token, 'all')).toContain(id);
        expect(await ids(token, 'mine')).not.toContain(id);
      }
      const one = await t.graphql(`query($id: ID!) { conversation(id: $id) { id status } }`, { id }, boris);
      expect(one.data?.['conversation']).toEqual({ id, status: 'pending' });
    });

    it('once an agent takes it, the other agent no longer sees it', async () => {
      const id = await offlineRequest(t);
      const take = await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId: id } }, anna);
      expect(take.errors).toBeUndefined();
      expect(await ids(anna, 'all')).toContain(id);
      expect(await ids(boris, 'pending')).not.toContain(id);
      expect(await ids(boris, 'all')).not.toContain(id);
    });
  });

  describe('Mine, owners and the team (issue #17)', () => {
    const ops = async (): Promise<Record<string, string>> => {
      const list = (await t.graphql(`query { operators { id email } }`, {}, admin)).data?.['operators'] as Array<{ id: string; email: string }>;
      return Object.fromEntries(list.map((o) => [o.email.split('@')[0], o.id]));
    };

    it('an invited operator finds the chat in Mine (and its unread badge), until it is closed', async () => {
      const op = await ops();
      const { conversationId } = await t.visitorWithConversation('Need two of you');
      expect((await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, anna)).errors).toBeUndefined();
      expect(await ids(boris, 'mine')).not.toContain(conversationId);
      const invite = await t.graphql(`mutation($i: InviteToConversationInput!) { inviteToConversation(input: $i) { id } }`, { i: { conversationId, operatorId: op['boris'] } }, anna);
      expect(invite.errors).toBeUndefined();
      expect(await ids(boris, 'mine')).toContain(conversationId);
      expect(await ids(anna, 'mine')).toContain(conversationId);
      const counts = (await t.graphql(`query { inboxCounts { view unread } }`, {}, boris)).data?.['inboxCounts'] as Array<{ view: string; unread: number }>;
      expect(counts.find((c) => c.view === 'mine')?.unread).toBeGreaterThanOrEqual(1);
      await t.graphql(`mutation($i: CloseConversationInput!) { closeConversation(input: $i) { id } }`, { i: { conversationId } }, anna);
      expect(await ids(boris, 'mine')).not.toContain(conversationId);
    });

    it('observers own no contacts: setContactOwner refuses them (the channel acquisition owner shares the check)', async () => {
      const op = await ops();
      const { conversationId } = await t.visitorWithConversation('Who owns me?');
      const SET_OWNER = `mutation($i: SetContactOwnerInput!) { setContactOwner(input: $i) { id } }`;
      const r = await t.graphql(SET_OWNER, { i: { conversationId, ownerId: op['olga'] } }, admin);
      expect(r.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, field: 'ownerId' });
      expect((await t.graphql(SET_OWNER, { i: { conversationId, ownerId: op['boris'] } }, admin)).errors).toBeUndefined();
    });

    it('a deactivated operator goes offline and leaves the team list', async () => {
      const op = await ops();
      const sam = (await t.graphql(`mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id status } }`, { i: { email: 'sam@demo.test', displayName: 'Sam', password: 'long-enough-1', role: 'agent' } }, admin)).data?.['createOperator'];
      expect(sam.status).toBe('online');
      const off = await t.graphql(`mutation($i: OperatorIdInput!) { deactivateOperator(input: $i) { id active status } }`, { i: { operatorId: sam.id } }, admin);
      expect(off.data?.['deactivateOperator']).toEqual({ id: sam.id, active: false, status: 'offline' });
      const team = (await t.graphql(`query { teammates { id } }`, {}, anna)).data?.['teammates'] as Array<{ id: string }>;
      expect(team.map((o) => o.id)).not.toContain(sam.id);
      expect(team.map((o) => o.id)).toContain(op['boris']);
      const on = await t.graphql(`mutation($i: OperatorIdInput!) { reactivateOperator(input: $i) { active status } }`, { i: { operatorId: sam.id } }, admin);
      // back in the team, but not online until they sign in again
      expect(on.data?.['reactivateOperator']).toEqual({ active: true, status: 'offline' });
    });
  });

  describe('unique values: CONFLICT with reason ALREADY_EXISTS and a message naming what exists', () => {
    const conflict = (r: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => ({
      code: r.errors?.[0]?.extensions?.['code'],
      reason: r.errors?.[0]?.extensions?.['reason'],
      message: r.errors?.[0]?.message,
    });

    it('quick replies: the same shortcut twice', async () => {
      const Q = `mutation($i: CreateQuickReplyInput!) { createQuickReply(input: $i) { id } }`;
      expect((await t.graphql(Q, { i: { shortcut: 'thx', body: 'Thanks!', shared: false } }, anna)).errors).toBeUndefined();
      expect(conflict(await t.graphql(Q, { i: { shortcut: 'thx', body: 'Thank you', shared: false } }, anna))).toEqual({
        code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', message: 'A quick reply with the shortcut /thx exists already',
      });
      // another operator's personal /thx is theirs alone
      expect((await t.graphql(Q, { i: { shortcut: 'thx', body: 'Ta', shared: false } }, boris)).errors).toBeUndefined();
    });

    it('groups, permission groups, saved filters and operators\' e-mail', async () => {
      expect((await t.graphql(CREATE_GROUP, { i: { name: 'Returns' } }, admin)).errors).toBeUndefined();
      expect(conflict(await t.graphql(CREATE_GROUP, { i: { name: 'returns' } }, admin))).toEqual({ code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', message: 'A group with this name already exists' });

      const PG = `mutation($i: CreatePermissionGroupInput!) { createPermissionGroup(input: $i) { id } }`;
      expect((await t.graphql(PG, { i: { name: 'Cleaners', permissions: ['delete_history'] } }, admin)).errors).toBeUndefined();
      expect(conflict(await t.graphql(PG, { i: { name: 'CLEANERS', permissions: [] } }, admin))).toEqual({ code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', message: 'A permission group with this name already exists' });

      const SF = `mutation($i: SaveFilterInput!) { saveFilter(input: $i) { id } }`;
      expect((await t.graphql(SF, { i: { name: 'Urgent', view: 'all', filter: { priority: 'urgent' } } }, anna)).errors).toBeUndefined();
      expect(conflict(await t.graphql(SF, { i: { name: 'urgent', view: 'mine', filter: {} } }, anna))).toEqual({ code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', message: 'You already have a saved filter with this name' });

      const OP = `mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }`;
      expect(conflict(await t.graphql(OP, { i: { email: 'ANNA@demo.test', displayName: 'Anna 2', password: 'long-enough-1', role: 'agent' } }, admin))).toEqual({
        code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', message: 'An operator with this e-mail already exists',
      });
    });

    it('a tag name is found, not duplicated', async () => {
      const T = `mutation($i: CreateTagInput!) { createTag(input: $i) { id } }`;
      const a = (await t.graphql(T, { i: { name: 'VIP' } }, admin)).data?.['createTag'].id;
      expect((await t.graphql(T, { i: { name: 'vip' } }, admin)).data?.['createTag'].id).toBe(a);
    });
  });
});
