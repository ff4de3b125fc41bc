import { collect, TestApp } from '../testing/test-app';

const SUBJECT = `type id name deleted`;
const AUDIT = `query($first: Int, $after: String, $actorId: String, $action: String, $from: String, $to: String) {
  auditLog(first: $first, after: $after, actorId: $actorId, action: $action, from: $from, to: $to) {
    nodes { id action targetType targetId details createdAt actor { ${SUBJECT} } target { ${SUBJECT} } refs { ${SUBJECT} } } hasNextPage endCursor } }`;
const ROUTING = `mutation($i: UpdateOperatorRoutingInput!) { updateOperatorRouting(input: $i) { id } }`;
const CREATE_GROUP = `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`;

/** SPEC F4: the audit log names who did what (structured, for the screen's sentences), filters, pages by keyset, and is for admins only. */
describe('audit log (integration)', () => {
  let t: TestApp;
  let admin: string;
  let anna: string;
  let olga: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, olga] = await Promise.all(['admin@demo.test', 'anna@demo.test', 'olga@demo.test'].map((e) => t.login(e)));
    const rows: Array<{ id: string; email: string }> = await t.db.query(`SELECT id, email FROM operators`);
    ids = Object.fromEntries(rows.map((r) => [r.email.split('@')[0], r.id]));
  });
  afterAll(async () => t?.stop());

  async function audit(vars: Record<string, unknown>, token = admin) {
    const r = await t.graphql(AUDIT, vars, token);
    return r;
  }

  it('returns who acted and on whom by name, resolved ids in refs, and a deleted target by its last known name', async () => {
    expect((await t.graphql(ROUTING, { i: { operatorId: ids['boris'], maxChats: 3, workingHours: { timezone: 'Europe/Warsaw', auto: false, ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })) } } }, admin)).errors).toBeUndefined();
    const created = await t.graphql(CREATE_GROUP, { i: { name: 'Audit <b>Sales</b>' } }, admin);
    const groupId = created.data!['createGroup'].id;
    expect((await t.graphql(`mutation($i: SetGroupMembersInput!) { setGroupMembers(input: $i) { id } }`, { i: { groupId, operatorIds: [ids['anna'], ids['boris']] } }, admin)).errors).toBeUndefined();
    const doomed = (await t.graphql(CREATE_GROUP, { i: { name: 'Short-lived' } }, admin)).data!['createGroup'].id;
    expect((await t.graphql(`mutation($id: ID!) { deleteGroup(id: $id) }`, { id: doomed }, admin)).errors).toBeUndefined();

    const r = await audit({ first: 10 });
    expect(r.errors).toBeUndefined();
    const nodes = r.data!['auditLog'].nodes;
    const by = (action: string, targetId?: string) => nodes.find((n: any) => n.action === action && (!targetId || n.targetId === targetId));

    const routing = by('operator.routing_changed', ids['boris']);
    expect(routing.actor).toEqual({ type: 'operator', id: ids['admin'], name: 'Alex Admin', deleted: false });
    expect(routing.target).toEqual({ type: 'operator', id: ids['boris'], name: 'Boris Petrov', deleted: false });
    expect(JSON.parse(routing.details)).toMatchObject({ maxChats: 3, workingHours: { timezone: 'Europe/Warsaw', ranges: expect.arrayContaining([{ day: 1, start: '09:00', end: '17:00' }]) } });

    // names are returned as stored (the screen escapes them)
    expect(by('group.created', groupId).target).toEqual({ type: 'group', id: groupId, name: 'Audit <b>Sales</b>', deleted: false });
    const members = by('group.members_changed', groupId);
    expect(members.refs.map((s: any) => s.name).sort()).toEqual(['Anna Nowak', 'Boris Petrov']);
    expect(members.refs.every((s: any) => s.type === 'operator' && !s.deleted)).toBe(true);
    expect(by('group.deleted', doomed).target).toEqual({ type: 'group', id: doomed, name: 'Short-lived', deleted: true });
    expect(by('group.created', doomed).target).toEqual({ type: 'group', id: doomed, name: 'Short-lived', deleted: true });

    // a renamed group reads by its current name
    await t.graphql(`mutation($i: UpdateGroupInput!) { updateGroup(input: $i) { id } }`, { i: { id: groupId, name: 'Audit Sales EU' } }, admin);
    const again = (await audit({ first: 20, action: 'group.created' })).data!['auditLog'].nodes;
    expect(again.find((n: any) => n.targetId === groupId).target.name).toBe('Audit Sales EU');
  });

  it('names client fields by their current name, and a deleted one by its last known name (issue #11)', async () => {
    const created = await t.graphql(`mutation($i: CreateCustomFieldInput!) { createCustomField(input: $i) { id } }`, { i: { name: 'Audit card', type: 'text' } }, admin);
    expect(created.errors).toBeUndefined();
    const fieldId = created.data!['createCustomField'].id;
    expect((await t.graphql(`mutation($i: UpdateCustomFieldInput!) { updateCustomField(input: $i) { id } }`, { i: { id: fieldId, name: 'Audit loyalty card' } }, admin)).errors).toBeUndefined();
    const live = (await audit({ first: 10, action: 'custom_field.changed' })).data!['auditLog'].nodes.filter((n: any) => n.targetId === fieldId);
    expect(live.map((n: any) => JSON.parse(n.details).op)).toEqual(['updated', 'created']);
    expect(live.every((n: any) => n.target.type === 'custom_field' && n.target.name === 'Audit loyalty card' && !n.target.deleted)).toBe(true);
    expect((await t.graphql(`mutation($id: ID!) { deleteCustomField(id: $id) }`, { id: fieldId }, admin)).errors).toBeUndefined();
    const gone = (await audit({ first: 10, action: 'custom_field.changed' })).data!['auditLog'].nodes.find((n: any) => n.targetId === fieldId && JSON.parse(n.details).op === 'deleted');
    expect(gone.target).toEqual({ type: 'custom_field', id: fieldId, name: 'Audit loyalty card', deleted: true });
  });

  it('resolves a whole page with one query per kind of subject (no N+1)', async () => {
    const spy = jest.spyOn(t.db, 'query');
    try {
      const r = await audit({ first: 100 });
      expect(r.errors).toBeUndefined();
      const sql = spy.mock.calls.map((c) => String(c[0]));
      const lookups = sql.filter((s) => /id = ANY\(\$2::uuid\[\]\)/.test(s));
      const kinds = new Set(r.data!['auditLog'].nodes.flatMap((n: any) => [n.actor?.type, n.target?.type, ...n.refs.map((x: any) => x.type)]).filter(Boolean));
      expect(r.data!["auditLog"].nodes.length).toBeGreaterThanOrEqual(6);
      expect(kinds.size).toBeGreaterThanOrEqual(2);
      expect(lookups.length).toBeLessThanOrEqual(kinds.size);
    } finally {
      spy.mockRestore();
    }
  });

  it('filters by actor, action and date range, and pages by keyset without duplicates or gaps', async () => {
    // 230 entries by Anna, many sharing one timestamp (the id breaks the tie)
    await t.db.query(
      `INSERT INTO audit_log (workspace_id, actor_id, actor_name, action, target_type, target_id, details, created_at)
       SELECT o.workspace_id, o.id, o.display_name, CASE WHEN g % 3 = 0 THEN 'group.updated' ELSE 'quick_reply.changed' END, 'quick_reply', NULL,
              jsonb_build_object('op', 'created', 'shortcut', 'r' || g), timestamptz '2026-01-10T12:00:00Z' + (g / 10) * interval '1 hour'
       FROM operators o, generate_series(1, 230) g WHERE o.email = 'anna@demo.test'`,
    );
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r = await audit({ first: 17, after, actorId: ids['anna'] });
      expect(r.errors).toBeUndefined();
      const page = r.data!['auditLog'];
      seen.push(...page.nodes.map((n: any) => n.id));
      for (const n of page.nodes) expect(n.actor.name).toBe('Anna Nowak');
      after = page.hasNextPage ? page.endCursor : null;
      pages++;
    } while (after && pages < 50);
    const expected: Array<{ id: string }> = await t.db.query(`SELECT id FROM audit_log WHERE actor_id = $1 ORDER BY created_at DESC, id DESC`, [ids['anna']]);
    expect(seen).toEqual(expected.map((e) => e.id));
    expect(new Set(seen).size).toBe(230);
    expect(pages).toBe(Math.ceil(230 / 17));

    const actionOnly = (await audit({ first: 100, actorId: ids['anna'], action: 'group.updated' })).data!['auditLog'];
    expect(actionOnly.nodes).toHaveLength(76);
    expect(actionOnly.nodes.every((n: any) => n.action === 'group.updated')).toBe(true);

    // from inclusive, to exclusive; a date alone means midnight UTC
    const ranged = (await audit({ first: 100, actorId: ids['anna'], from: '2026-01-10T13:00:00Z', to: '2026-01-10T15:00:00Z' })).data!['auditLog'];
    expect(ranged.nodes).toHaveLength(20);
    expect(ranged.nodes.every((n: any) => n.createdAt >= '2026-01-10T13:00:00' && n.createdAt < '2026-01-10T15:00:00')).toBe(true);
    // offsets 12–16 hours: g = 120…169
    expect((await audit({ first: 100, actorId: ids['anna'], from: '2026-01-11', to: '2026-01-11T05:00:00Z' })).data!['auditLog'].nodes).toHaveLength(50);
    expect((await audit({ first: 100, actorId: ids['anna'], from: '2026-01-10T13:00', to: '2026-01-10T14:00:00+00:00' })).data!['auditLog'].nodes).toHaveLength(10);
    expect((await audit({ first: 100, actorId: ids['anna'], to: '2026-01-01' })).data!['auditLog']).toEqual({ nodes: [], hasNextPage: false, endCursor: null });
  });

  it('uses an index for each filter over many rows (EXPLAIN)', async () => {
    await t.db.query(
      `INSERT INTO audit_log (workspace_id, actor_id, actor_name, action, target_type, details, created_at)
       SELECT o.workspace_id, o.id, o.display_name, 'group.updated', 'group', '{}', now() - g * interval '1 second'
       FROM operators o, generate_series(1, 40000) g WHERE o.email = 'boris@demo.test'`,
    );
    await t.db.query(`ANALYZE audit_log`);
    const [{ workspace_id: ws }] = await t.db.query(`SELECT workspace_id FROM operators WHERE email = 'admin@demo.test'`);
    const plans: Record<string, string> = {};
    for (const [name, where] of Object.entries({ actor: `AND actor_id = '${ids['admin']}'`, action: `AND action = 'group.created'`, range: `AND created_at >= now() - interval '1 day'`, keyset: `AND (created_at, id) < (now(), '00000000-0000-0000-0000-000000000000'::uuid)` })) {
      const rows: Array<{ 'QUERY PLAN': string }> = await t.db.query(`EXPLAIN SELECT id FROM audit_log WHERE workspace_id = '${ws}' ${where} ORDER BY created_at DESC, id DESC LIMIT 31`);
      plans[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
    }
    expect(plans['actor']).toMatch(/Index (Only )?Scan using audit_log_actor_idx/);
    expect(plans['action']).toMatch(/Index (Only )?Scan using audit_log_action_idx/);
    expect(plans['range']).toMatch(/Index (Only )?Scan using audit_log_workspace_idx/);
    expect(plans['keyset']).toMatch(/Index (Only )?Scan using audit_log_workspace_idx/);
    for (const p of Object.values(plans)) expect(p).not.toMatch(/Seq Scan|Sort/);
  });

  it('refuses bad filters with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ actorId: 'nope' }, 'actorId'],
      [{ actorId: '3f1c2b4a-0000-4000-8000-000000000000' }, 'actorId'],
      [{ action: 'operator.routing' }, 'action'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-02-30x' }, 'to'],
      [{ from: '2026-13-45' }, 'from'],
      [{ from: '2026-02-30' }, 'from'],
      [{ from: '0000-01-01' }, 'from'],
      [{ to: '2026-01-01T25:00Z' }, 'to'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to'],
      [{ from: '2026-03-01', to: '2026-03-01' }, 'to'],
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
    ];
    for (const [vars, field] of cases) {
      const r = await audit(vars);
      expect({ vars, code: r.errors?.[0].extensions?.['code'], field: r.errors?.[0].extensions?.['field'] }).toEqual({ vars, code: 'BAD_USER_INPUT', field });
    }
    expect((await audit({ after: 'garbage' })).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('is for admins only and never shows another workspace', async () => {
    for (const token of [anna, olga]) {
      expect((await audit({}, token)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      expect((await t.graphql(`query { auditActions }`, {}, token)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    }
    const actions = (await t.graphql(`query { auditActions }`, {}, admin)).data!['auditActions'];
    expect(actions).toEqual(expect.arrayContaining(['operator.routing_changed', 'group.created', 'operator.deactivated']));

    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-audit') RETURNING id`);
    const [stranger] = await t.db.query(
      `INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'stranger@else.test', 'x', 'Stranger', 'admin') RETURNING id`,
      [other.id],
    );
    await t.db.query(`INSERT INTO audit_log (workspace_id, actor_id, actor_name, action, target_type, target_id) VALUES ($1, $2, 'Stranger', 'group.created', 'group', $3)`, [other.id, stranger.id, ids['boris']]);
    expect((await audit({ actorId: stranger.id })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    const mine = (await audit({ first: 100, action: 'group.created' })).data!['auditLog'].nodes;
    expect(mine.some((n: any) => n.actor?.name === 'Stranger')).toBe(false);
    // an entry whose target id belongs to another workspace does not learn its name
    await t.db.query(`INSERT INTO audit_log (workspace_id, actor_id, actor_name, action, target_type, target_id) SELECT workspace_id, id, display_name, 'group.deleted', 'group', $1 FROM operators WHERE email = 'admin@demo.test'`, [
      (await t.db.query(`INSERT INTO operator_groups (workspace_id, name) VALUES ($1, 'Secret group') RETURNING id`, [other.id]))[0].id,
    ]);
    const [leak] = (await audit({ first: 1, action: 'group.deleted' })).data!['auditLog'].nodes;
    expect(leak.target).toMatchObject({ name: null, deleted: true });
  });

  it('tells a watching admin about each committed entry, live; agents may not watch', async () => {
    const sub = t.subscriptions(admin);
    const events = collect<{ auditLogChanged: { at: string } }>(sub, `subscription { auditLogChanged { at } }`, 1);
    await events.ready;
    await t.graphql(CREATE_GROUP, { i: { name: 'Live audit' } }, admin);
    const [e] = await events.done;
    expect(new Date(e.auditLogChanged.at).getTime()).toBeGreaterThan(Date.now() - 10_000);
    // by the time the event arrives, the entry is there
    const [top] = (await audit({ first: 1 })).data!['auditLog'].nodes;
    expect(top).toMatchObject({ action: 'group.created', target: { name: 'Live audit' } });
    await sub.client.dispose();

    const agentSub = t.subscriptions(anna);
    await agentSub.connected;
    const refused = await new Promise<unknown>((resolve) => {
      agentSub.client.subscribe({ query: `subscription { auditLogChanged { at } }` }, { next: (v) => resolve(v.errors), error: (e) => resolve(e), complete: () => undefined });
    });
    expect(JSON.stringify(refused)).toContain('FORBIDDEN');
    await agentSub.client.dispose();
  });
});
