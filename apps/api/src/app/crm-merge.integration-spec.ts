import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #11 (E2): duplicates by phone and e-mail, and merging a client into another — chosen
 * values, joined phones / e-mails / tags / custom values, moved conversations, notes, tasks and
 * identities, the merged client deleted, audited, live on both; rights and bad inputs.
 */

const DUPLICATES = `query($c: ID!) { clientDuplicates(contactId: $c) { shared contact { id displayName } } }`;
const MERGE = `mutation($i: MergeClientsInput!) { mergeClients(input: $i) { id name firstName lastName email phone phones { value primary } emails { value primary } owner { id } tags { name pinned } address { line city } customFields { field { name } value } } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId survivorId } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];

describe('CRM client merge (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, olga: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  let n = 0;

  /** Ewa (kept) and her duplicate Eva (merged): a shared phone, each with their own values, Eva with a conversation, a note, a task, an identity. */
  const pair = async () => {
    const u = ++n;
    const [ewa] = await t.db.query(`INSERT INTO contacts (workspace_id, first_name, last_name, name, phone, email) VALUES ($1, 'Ewa', 'Kowalska', 'Ewa Kowalska', $2, $3) RETURNING id`, [workspaceId, `+4851100${u}001`, `ewa${u}@a.pl`]);
    const [eva] = await t.db.query(`INSERT INTO contacts (workspace_id, first_name, name, phone, email, owner_id, address, city) VALUES ($1, 'Eva', 'Eva', $2, $3, $4, 'ul. Długa 5', 'Kraków') RETURNING id`, [workspaceId, `+4851100${u}002`, `eva${u}@b.pl`, ids['boris']]);
    await t.db.query(`INSERT INTO contact_phones (workspace_id, contact_id, value) VALUES ($1, $2, $3)`, [workspaceId, eva.id, `+4851100${u}001`]);
    const [vip] = await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, `vip${u}`]);
    const [lead] = await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, `lead${u}`]);
    await t.db.query(`INSERT INTO contact_tags (workspace_id, contact_id, tag_id, pinned) VALUES ($1, $2, $3, false), ($1, $4, $3, true), ($1, $4, $5, false)`, [workspaceId, ewa.id, vip.id, eva.id, lead.id]);
    const [field] = await t.db.query(`INSERT INTO client_custom_fields (workspace_id, name, type) VALUES ($1, $2, 'text') RETURNING id`, [workspaceId, `Company ${u}`]);
    const [field2] = await t.db.query(`INSERT INTO client_custom_fields (workspace_id, name, type) VALUES ($1, $2, 'text') RETURNING id`, [workspaceId, `Size ${u}`]);
    await t.db.query(`INSERT INTO client_custom_values (workspace_id, contact_id, field_id, value_text) VALUES ($1, $2, $3, 'Ewa Ltd'), ($1, $4, $3, 'Eva GmbH'), ($1, $4, $5, 'L')`, [workspaceId, ewa.id, field.id, eva.id, field2.id]);
    const [ch] = await t.db.query(`SELECT id FROM channels WHERE workspace_id = $1 AND type = 'webchat' LIMIT 1`, [workspaceId]);
    const [conv] = await t.db.query(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'open', 0) RETURNING id`, [workspaceId, ch.id, eva.id]);
    const [note] = await t.db.query(`INSERT INTO contact_notes (workspace_id, contact_id, body) VALUES ($1, $2, 'Prefers mornings') RETURNING id`, [workspaceId, eva.id]);
    const [task] = await t.db.query(`INSERT INTO crm_tasks (workspace_id, contact_id, title, due_at, assignee_id) VALUES ($1, $2, 'Call back', now() + interval '1 day', $3) RETURNING id`, [workspaceId, eva.id, ids['anna']]);
    await t.db.query(`INSERT INTO contact_channel_identities (workspace_id, contact_id, kind, external_id) VALUES ($1, $2, 'telegram', $3)`, [workspaceId, eva.id, `tg-${u}`]);
    return { ewa: ewa.id as string, eva: eva.id as string, conv: conv.id as string, note: note.id as string, task: task.id as string, u };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    Object.assign(ids, roles.ids);
  });
  afterAll(async () => t?.stop());

  it('lists duplicates by a shared phone or e-mail, both ways, never another workspace’s', async () => {
    const p = await pair();
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-merge') RETURNING id`);
    await t.db.query(`INSERT INTO contacts (workspace_id, name, phone) VALUES ($1, 'Theirs', $2)`, [other.id, `+4851100${p.u}001`]);
    const fromEwa = (await t.graphql(DUPLICATES, { c: p.ewa }, anna)).data?.['clientDuplicates'];
    expect(fromEwa).toEqual([{ shared: [`+4851100${p.u}001`], contact: { id: p.eva, displayName: 'Eva' } }]);
    await t.db.query(`INSERT INTO contact_emails (workspace_id, contact_id, value) VALUES ($1, $2, $3)`, [workspaceId, p.ewa, `eva${p.u}@b.pl`]);
    expect((await t.graphql(DUPLICATES, { c: p.eva }, olga)).data?.['clientDuplicates']).toEqual([{ shared: [`+4851100${p.u}001`, `eva${p.u}@b.pl`], contact: { id: p.ewa, displayName: 'Ewa Kowalska' } }]);
    expect(code(await t.graphql(DUPLICATES, { c: '00000000-0000-4000-8000-000000000000' }, anna))).toBe('NOT_FOUND');
  });

  it('refuses observers, operators without "Merge clients", the same client twice and unknown clients; nothing changes', async () => {
    const p = await pair();
    const observer = await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva } }, olga);
    expect(code(observer)).toBe('FORBIDDEN');
    const agent = await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva } }, anna);
    expect(code(agent)).toBe('FORBIDDEN');
    expect(agent.errors?.[0].message).toMatch(/Merge clients/);
    expect(code(await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.ewa } }, sam))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: '00000000-0000-4000-8000-000000000000' } }, sam))).toBe('NOT_FOUND');
    expect(code(await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva, take: ['nickname'] } }, sam))).toBe('BAD_USER_INPUT');
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Else 2', 'else-merge-2') RETURNING id`);
    const [theirs] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Theirs') RETURNING id`, [other.id]);
    expect(code(await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: theirs.id } }, sam))).toBe('NOT_FOUND');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1::uuid[])`, [[p.ewa, p.eva, theirs.id]]))[0].n).toBe(3);
    // with the right through a group an agent merges
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Mergers', '{merge_clients}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['anna'], workspaceId]);
    expect((await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva } }, anna)).errors).toBeUndefined();
    await t.db.query(`DELETE FROM permission_groups WHERE id = $1`, [g.id]);
  });

  it('merges with the chosen values, joins the rest, moves everything to the survivor, deletes the merged client, audits, and tells both panels', async () => {
    const p = await pair();
    const sub = t.subscriptions(admin);
    const onEva = collect<any>(sub, CHANGES(p.eva), 1);
    const sub2 = t.subscriptions(admin);
    const onEwa = collect<any>(sub2, CHANGES(p.ewa), 1);
    await Promise.all([onEva.ready, onEwa.ready]);
    const r = await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva, take: ['firstName'] } }, sam);
    expect(r.errors).toBeUndefined();
    const kept = r.data?.['mergeClients'];
    expect(kept).toMatchObject({
      id: p.ewa,
      firstName: 'Eva',
      lastName: 'Kowalska',
      name: 'Eva Kowalska',
      phone: `+4851100${p.u}001`,
      email: `ewa${p.u}@a.pl`,
      owner: { id: ids['boris'] },
      address: { line: 'ul. Długa 5', city: 'Kraków' },
    });
    expect(kept.phones).toEqual([{ value: `+4851100${p.u}001`, primary: true }, { value: `+4851100${p.u}002`, primary: false }]);
    expect(kept.emails).toEqual([{ value: `ewa${p.u}@a.pl`, primary: true }, { value: `eva${p.u}@b.pl`, primary: false }]);
    expect(kept.tags.map((x: any) => [x.name, x.pinned]).sort()).toEqual([[`lead${p.u}`, false], [`vip${p.u}`, true]]);
    expect(kept.customFields.map((x: any) => [x.field.name, x.value]).sort()).toEqual([[`Company ${p.u}`, 'Ewa Ltd'], [`Size ${p.u}`, 'L']]);

    expect((await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [p.conv]))[0].contact_id).toBe(p.ewa);
    expect((await t.db.query(`SELECT contact_id FROM contact_notes WHERE id = $1`, [p.note]))[0].contact_id).toBe(p.ewa);
    expect((await t.db.query(`SELECT contact_id FROM crm_tasks WHERE id = $1`, [p.task]))[0].contact_id).toBe(p.ewa);
    expect((await t.db.query(`SELECT contact_id FROM contact_channel_identities WHERE external_id = $1`, [`tg-${p.u}`]))[0].contact_id).toBe(p.ewa);
    expect(await t.db.query(`SELECT id FROM contacts WHERE id = $1`, [p.eva])).toEqual([]);
    const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'contact.merged' AND target_id = $1`, [p.ewa]);
    expect(audit.details).toMatchObject({ survivorId: p.ewa, mergedId: p.eva, mergedName: 'Eva', taken: ['firstName'], moved: { conversations: 1, notes: 1, tasks: 1, identities: 1, phones: 1, emails: 1 } });

    expect((await onEva.done)[0].contactChanged).toEqual({ kind: 'merged', contactId: p.eva, survivorId: p.ewa });
    expect((await onEwa.done)[0].contactChanged).toEqual({ kind: 'merged', contactId: p.ewa, survivorId: p.ewa });
    void sub.client.dispose();
    void sub2.client.dispose();
    expect((await t.graphql(DUPLICATES, { c: p.ewa }, anna)).data?.['clientDuplicates']).toEqual([]);
  });

  it('takes the merged client’s primary e-mail, phone, address and owner when chosen', async () => {
    const p = await pair();
    await t.db.query(`UPDATE contacts SET address = 'Old street 1', owner_id = $2 WHERE id = $1`, [p.ewa, ids['anna']]);
    const kept = (await t.graphql(MERGE, { i: { survivorId: p.ewa, mergedId: p.eva, take: ['email', 'phone', 'address', 'owner', 'lastName'] } }, admin)).data?.['mergeClients'];
    expect(kept).toMatchObject({ email: `eva${p.u}@b.pl`, phone: `+4851100${p.u}002`, owner: { id: ids['boris'] }, address: { line: 'ul. Długa 5', city: 'Kraków' }, firstName: 'Ewa', lastName: null, name: 'Ewa' });
    expect(kept.emails.find((e: any) => e.primary).value).toBe(`eva${p.u}@b.pl`);
    expect(kept.phones.filter((e: any) => e.primary)).toEqual([{ value: `+4851100${p.u}002`, primary: true }]);
  });
});
