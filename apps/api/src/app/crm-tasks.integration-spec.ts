import { TasksService } from '@parley/api/crm';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';
import { until } from '../testing/until';

/** Issue #11 (E4): tasks on a client — "See tasks" only, All / Mine, done, edit, due notification exactly once (also after a restart). */

const TASK_FIELDS = `id contactId orderNumber title description dueAt assigneeId authorId authorName completed completedAt notifiedAt assignee { id displayName }`;
const LIST = `query($c: ID, $mine: Boolean, $done: Boolean, $first: Int, $after: String) { tasks(contactId: $c, mine: $mine, includeCompleted: $done, first: $first, after: $after) { nodes { ${TASK_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const CREATE = `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${TASK_FIELDS} } }`;
const UPDATE = `mutation($i: UpdateTaskInput!) { updateTask(input: $i) { ${TASK_FIELDS} } }`;
const DONE = `mutation($i: SetTaskCompletedInput!) { setTaskCompleted(input: $i) { ${TASK_FIELDS} } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { unreadCount nodes { id kind taskId contactId contactName preview actorName conversationId } } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind taskId } }`;
const SET_NAME = `mutation($i: SetContactNameInput!) { setContactName(input: $i) { id } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('CRM tasks (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, boris: string, olga: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const newClient = async (name = 'Task Client'): Promise<string> => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id;
  const create = async (i: Record<string, unknown>, token = anna) => {
    const r = await t.graphql(CREATE, { i }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['createTask'];
  };
  const taskDueNotifications = async (taskId: string) => (await t.db.query(`SELECT * FROM operator_notifications WHERE kind = 'task_due' AND task_id = $1`, [taskId])) as any[];

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, boris, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    Object.assign(ids, roles.ids);
  });
  afterAll(async () => t?.stop());

  it('admins, supervisors and agents create and read tasks; an observer without "See tasks" is refused, with it reads but changes nothing', async () => {
    const c = await newClient();
    for (const [token, who] of [[admin, 'admin'], [sam, 'sam'], [anna, 'anna']] as const) {
      const task = await create({ contactId: c, title: `Call back (${who})`, dueAt: inHours(1), assigneeId: ids['boris'] }, token);
      expect(task).toMatchObject({ contactId: c, orderNumber: null, assigneeId: ids['boris'], authorId: ids[who], completed: false, notifiedAt: null, assignee: { displayName: 'Boris Petrov' } });
    }
    expect(code(await t.graphql(LIST, { c }, olga))).toBe('FORBIDDEN');
    const refused = await t.graphql(CREATE, { i: { contactId: c, title: 'x', dueAt: inHours(1), assigneeId: ids['anna'] } }, olga);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toMatch(/See tasks/);

    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Task readers', '{see_tasks}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['olga'], workspaceId]);
    const seen = (await t.graphql(LIST, { c }, olga)).data?.['tasks'].nodes;
    expect(seen).toHaveLength(3);
    expect(code(await t.graphql(CREATE, { i: { contactId: c, title: 'x', dueAt: inHours(1), assigneeId: ids['anna'] } }, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(DONE, { i: { id: seen[0].id, completed: true } }, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(UPDATE, { i: { id: seen[0].id, title: 'observer' } }, olga))).toBe('FORBIDDEN');
    // an observer is still no assignee: observers cannot see tasks by their role
    await t.db.query(`DELETE FROM permission_groups WHERE id = $1`, [g.id]);
    const toObserver = await t.graphql(CREATE, { i: { contactId: c, title: 'x', dueAt: inHours(1), assigneeId: ids['olga'] } }, anna);
    expect([code(toObserver), field(toObserver)]).toEqual(['BAD_USER_INPUT', 'assigneeId']);
  });

  it('taskAssignees lists the active operators who see tasks, for anyone who sees tasks', async () => {
    const ASSIGNEES = `query { taskAssignees { id displayName active } }`;
    const names = async (token: string) => ((await t.graphql(ASSIGNEES, {}, token)).data?.['taskAssignees'] as Array<{ id: string; active: boolean }>).map((o) => o.id);
    const [gone] = await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role, active) VALUES ($1, 'left@demo.test', 'x', 'Left Agent', 'agent', false) RETURNING id`, [workspaceId]);
    const forAnna = await names(anna);
    expect(forAnna).toEqual(expect.arrayContaining([ids['admin'], ids['sam'], ids['anna'], ids['boris']]));
    // the observer has no "See tasks"; a deactivated agent is no assignee
    expect(forAnna).not.toContain(ids['olga']);
    expect(forAnna).not.toContain(gone.id);
    expect(code(await t.graphql(ASSIGNEES, {}, olga))).toBe('FORBIDDEN');
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Assignable readers', '{see_tasks}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['olga'], workspaceId]);
    expect(await names(olga)).toContain(ids['olga']);
    await t.db.query(`DELETE FROM permission_groups WHERE id = $1`, [g.id]);
    await t.db.query(`DELETE FROM operators WHERE id = $1`, [gone.id]);
  });

  it('refuses bad input with the field named: title, due time, assignee, client, order number, description, paging', async () => {
    const c = await newClient();
    const base = { contactId: c, title: 'Call', dueAt: inHours(2), assigneeId: ids['anna'] };
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-tasks') RETURNING id`);
    const [stranger] = await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'x@else.test', 'x', 'Stranger', 'agent') RETURNING id`, [other.id]);
    const [strangerClient] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Theirs') RETURNING id`, [other.id]);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role, active) VALUES ($1, 'gone@demo.test', 'x', 'Gone Agent', 'agent', false)`, [workspaceId]);
    const [gone] = await t.db.query(`SELECT id FROM operators WHERE email = 'gone@demo.test'`);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ title: '   ' }, 'title', /needs a title/],
      [{ title: 'x'.repeat(201) }, 'title', /at most 200/],
      [{ description: 'x'.repeat(5001) }, 'description', /at most 5000/],
      [{ dueAt: new Date(Date.now() - 3_600_000).toISOString() }, 'dueAt', /already passed/],
      [{ assigneeId: stranger.id }, 'assigneeId', /operator of this workspace/],
      [{ assigneeId: gone.id }, 'assigneeId', /deactivated/],
      [{ contactId: null }, 'contactId', /Link the task to a client/],
      [{ contactId: strangerClient.id }, 'contactId', /No such client/],
      [{ contactId: null, orderNumber: 'A-1001' }, 'orderNumber', /come with orders/],
    ];
    for (const [change, f, message] of cases) {
      const r = await t.graphql(CREATE, { i: { ...base, ...change } }, anna);
      expect({ change, code: code(r), field: field(r) }).toEqual({ change, code: 'BAD_USER_INPUT', field: f });
      expect(r.errors?.[0].message).toMatch(message);
    }
    expect(code(await t.graphql(CREATE, { i: { ...base, dueAt: 'tomorrow' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(CREATE, { i: { ...base, assigneeId: 'not-an-id' } }, anna))).toBe('BAD_USER_INPUT');
    for (const first of [0, 101]) expect(code(await t.graphql(LIST, { c, first }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(LIST, { c, after: 'nonsense' }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(LIST, { c: strangerClient.id }, anna))).toBe('NOT_FOUND');
    const task = await create(base);
    expect(field(await t.graphql(UPDATE, { i: { id: task.id, orderNumber: '42' } }, anna))).toBe('orderNumber');
    expect(field(await t.graphql(UPDATE, { i: { id: task.id, contactId: null } }, anna))).toBe('contactId');
    expect(code(await t.graphql(UPDATE, { i: { id: '00000000-0000-4000-8000-000000000000', title: 'x' } }, anna))).toBe('NOT_FOUND');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM crm_tasks WHERE contact_id = $1`, [c]))[0].n).toBe(1);
  });

  it('All and Mine, soonest due first with keyset pages; done tasks leave the open list; edit', async () => {
    const c = await newClient();
    const mine1 = await create({ contactId: c, title: 'Mine, by me', dueAt: inHours(3), assigneeId: ids['anna'] });
    const borisTask = await create({ contactId: c, title: 'For Boris', dueAt: inHours(1), assigneeId: ids['boris'] });
    const mine2 = await create({ contactId: c, title: 'Mine, by the admin', dueAt: inHours(2), assigneeId: ids['anna'] }, admin);

    const all = (await t.graphql(LIST, { c }, anna)).data?.['tasks'].nodes.map((x: any) => x.title);
    expect(all).toEqual(['For Boris', 'Mine, by the admin', 'Mine, by me']);
    const mine = (await t.graphql(LIST, { c, mine: true }, anna)).data?.['tasks'].nodes.map((x: any) => x.id);
    expect(mine).toEqual([mine2.id, mine1.id]);
    expect((await t.graphql(LIST, { c, mine: true }, boris)).data?.['tasks'].nodes.map((x: any) => x.id)).toEqual([borisTask.id]);

    const p1 = (await t.graphql(LIST, { c, first: 2 }, anna)).data?.['tasks'];
    expect(p1.nodes.map((x: any) => x.id)).toEqual([borisTask.id, mine2.id]);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.graphql(LIST, { c, first: 2, after: p1.pageInfo.endCursor }, anna)).data?.['tasks'];
    expect(p2.nodes.map((x: any) => x.id)).toEqual([mine1.id]);
    expect(p2.pageInfo.hasNextPage).toBe(false);

    let r = await t.graphql(DONE, { i: { id: borisTask.id, completed: true } }, anna);
    expect(r.data?.['setTaskCompleted']).toMatchObject({ completed: true });
    expect(new Date(r.data?.['setTaskCompleted'].completedAt).getTime()).toBeGreaterThan(0);
    expect((await t.graphql(LIST, { c }, anna)).data?.['tasks'].nodes.map((x: any) => x.id)).toEqual([mine2.id, mine1.id]);
    expect((await t.graphql(LIST, { c, done: true }, anna)).data?.['tasks'].nodes.map((x: any) => x.id)).toEqual([borisTask.id, mine2.id, mine1.id]);
    r = await t.graphql(DONE, { i: { id: borisTask.id, completed: false } }, anna);
    expect(r.data?.['setTaskCompleted']).toMatchObject({ completed: false, completedAt: null });

    r = await t.graphql(UPDATE, { i: { id: mine1.id, title: '  Call about the discount ', description: 'He asked for 10%', assigneeId: ids['boris'], dueAt: inHours(5) } }, sam);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['updateTask']).toMatchObject({ title: 'Call about the discount', description: 'He asked for 10%', assigneeId: ids['boris'], authorId: ids['anna'] });
    r = await t.graphql(UPDATE, { i: { id: mine1.id, description: null } }, anna);
    expect(r.data?.['updateTask']).toMatchObject({ description: null, title: 'Call about the discount' });
    // the workspace-wide list and Mine without a client
    expect((await t.graphql(LIST, { mine: true, first: 100 }, boris)).data?.['tasks'].nodes.map((x: any) => x.id)).toEqual(expect.arrayContaining([borisTask.id, mine1.id]));
  });

  it('publishes task changes only to operators who see tasks', async () => {
    const c = await newClient();
    const agentSub = t.subscriptions(boris);
    const observerSub = t.subscriptions(olga);
    const agentStream = collect<any>(agentSub, CHANGES(c), 2);
    const observerStream = collect<any>(observerSub, CHANGES(c), 1);
    await Promise.all([agentStream.ready, observerStream.ready]);
    const task = await create({ contactId: c, title: 'Live', dueAt: inHours(1), assigneeId: ids['anna'] });
    await t.graphql(DONE, { i: { id: task.id, completed: true } }, anna);
    expect((await agentStream.done).map((e) => [e.contactChanged.kind, e.contactChanged.taskId])).toEqual([['task_changed', task.id], ['task_changed', task.id]]);
    // the observer's first event is the next card change, not the tasks
    await t.graphql(SET_NAME, { i: { contactId: c, firstName: 'Next' } }, anna);
    expect((await observerStream.done).map((e) => e.contactChanged.kind)).toEqual(['updated']);
    void agentSub.client.dispose();
    void observerSub.client.dispose();
  });

  it('a due task notifies its assignee exactly once (in-app and live), however often the job and the sweep run', async () => {
    const c = await newClient('Due Client');
    const sub = t.subscriptions(boris);
    const live = collect<any>(sub, `subscription { notificationAdded { kind taskId contactId preview actorName } }`, 1, 10_000);
    await live.ready;
    const task = await create({ contactId: c, title: 'Call him back', dueAt: new Date(Date.now() + 1500).toISOString(), assigneeId: ids['boris'] });
    expect(await taskDueNotifications(task.id)).toHaveLength(0);
    const [event] = await live.done;
    expect(event.notificationAdded).toEqual({ kind: 'task_due', taskId: task.id, contactId: c, preview: 'Call him back', actorName: 'Anna Nowak' });
    void sub.client.dispose();

    const tasks = t.app.get(TasksService, { strict: false });
    const again = await Promise.all([...Array(5)].map(() => tasks.notifyDue(task.id)));
    expect(again.every((x) => x === false)).toBe(true);
    await tasks.notifyAllDue();
    await new Promise((r) => setTimeout(r, 500));
    expect(await taskDueNotifications(task.id)).toHaveLength(1);
    const list = (await t.graphql(NOTIFICATIONS, {}, boris)).data?.['notifications'];
    expect(list.nodes.filter((n: any) => n.taskId === task.id)).toEqual([expect.objectContaining({ kind: 'task_due', contactId: c, contactName: 'Due Client', conversationId: null })]);
    expect((await t.graphql(LIST, { c }, boris)).data?.['tasks'].nodes[0].notifiedAt).not.toBeNull();
    // nobody else got it
    expect((await t.db.query(`SELECT operator_id FROM operator_notifications WHERE task_id = $1`, [task.id])).map((r: any) => r.operator_id)).toEqual([ids['boris']]);

    // a done task is not announced; a new due time announces once more when it comes
    const done = await create({ contactId: c, title: 'Done before due', dueAt: new Date(Date.now() + 1000).toISOString(), assigneeId: ids['boris'] });
    await t.graphql(DONE, { i: { id: done.id, completed: true } }, boris);
    const moved = (await t.graphql(UPDATE, { i: { id: task.id, dueAt: new Date(Date.now() + 1000).toISOString() } }, anna)).data?.['updateTask'];
    expect(moved.notifiedAt).toBeNull();
    await until(async () => (await taskDueNotifications(task.id)).length === 2, 10_000, 'the rescheduled task notified');
    await new Promise((r) => setTimeout(r, 500));
    await tasks.notifyAllDue();
    expect(await taskDueNotifications(task.id)).toHaveLength(2);
    expect(await taskDueNotifications(done.id)).toHaveLength(0);
  });

  it('after a restart, the start sweep notifies tasks that fell due while no API ran — once, however many processes start', async () => {
    const c = await newClient('Restart Client');
    // a task whose delayed job was lost (due while the API was down): only its row knows it
    const [task] = await t.db.query(
      `INSERT INTO crm_tasks (workspace_id, contact_id, title, due_at, assignee_id, author_id, author_name) VALUES ($1, $2, 'Missed while down', now() - interval '5 minutes', $3, $3, 'Anna Nowak') RETURNING id`,
      [workspaceId, c, ids['anna']],
    );
    const first = await TestApp.start({}, { replicaOf: t });
    try {
      await until(async () => (await taskDueNotifications(task.id)).length > 0, 15_000, 'the start sweep notified');
      const second = await TestApp.start({}, { replicaOf: t });
      try {
        // the second process's start sweep, and one more sweep run by hand: nothing new
        await new Promise((r) => setTimeout(r, 2000));
        await second.app.get(TasksService, { strict: false }).notifyAllDue();
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
    const rows = await taskDueNotifications(task.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ operator_id: ids['anna'], contact_id: c, preview: 'Missed while down' });
  });
});
