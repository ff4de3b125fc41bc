import { createHmac } from 'node:crypto';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

/** SPEC C6: contacts acquired through the web chat get the channel's tag and owner; operators edit both. */

const CHANNEL = `query { channels { id publicKey name active webchat { defaultLanguage texts { language header welcome } inputPlaceholder companyName avatarUrl radius launcherIcon launcherShape hideLauncher position showOperatorIdentity botEnabled colors { header launcher operatorBubble visitorBubble text } } } }`;
const UPDATE = `mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id webchat { acquisition { tag ownerId } preChat { enabled } } } }`;
const ROUTING = `mutation($i: UpdateWebchatRoutingInput!) { updateWebchatRouting(input: $i) { id webchat { acquisition { tag ownerId } } } }`;
const CONTACT_FIELDS = `id name email owner { id displayName } tags { id name }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id contact { ${CONTACT_FIELDS} } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const SET_OWNER = `mutation($i: SetContactOwnerInput!) { setContactOwner(input: $i) { ${CONTACT_FIELDS} } }`;
const TAG = `mutation($i: TagContactInput!) { tagContact(input: $i) { ${CONTACT_FIELDS} } }`;
const UNTAG = `mutation($i: UntagContactInput!) { untagContact(input: $i) { ${CONTACT_FIELDS} } }`;
const INBOX_EVENT = `subscription { inboxEvent { kind conversation { id contact { id owner { id } tags { name } } } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('contacts acquired through the web chat: tag and owner (integration)', () => {
  let t: TestApp;
  let admin: string;
  let anna: string;
  let boris: string;
  let olga: string;
  let channelId: string;
  let base: Record<string, any>;
  const ids: Record<string, string> = {};
  let workspaceId: string;

  const save = (settings: Record<string, unknown>, token = admin) => t.graphql(UPDATE, { i: { id: channelId, name: 'Website chat', active: true, settings: { ...base, ...settings } } }, token);
  const contactOf = async (conversationId: string, token = admin) => (await t.graphql(CONVERSATION, { id: conversationId }, token)).data?.['conversation'].contact;
  const contactCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [workspaceId]))[0].n as number;
  const frame = async (v: VisitorClient, f: Record<string, unknown>, done: string) => {
    const before = v.frames.length;
    v.sendFrame(f);
    return v.waitFor((x) => v.frames.indexOf(x) >= before && (x.type === done || x.type === 'error'));
  };

  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, boris, olga] = await Promise.all(['admin', 'anna', 'boris', 'olga'].map((n) => t.login(`${n}@demo.test`)));
    for (const op of await t.db.query(`SELECT id, email, workspace_id FROM operators`)) {
      ids[op.email.split('@')[0]] = op.id;
      workspaceId = op.workspace_id;
    }
    // E1: agents create new tags only through a group granting "Create tags" (tag-admin spec covers the refusal)
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Taggers', '{create_tags}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['anna'], workspaceId]);
    // records every contact insert and delete, so a contact made and dropped again shows up
    await t.db.query(`
      CREATE TABLE contact_writes_probe (op text NOT NULL, id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE FUNCTION contact_writes_probe() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO contact_writes_probe (op, id) VALUES (TG_OP, COALESCE(NEW.id, OLD.id)); RETURN NULL; END $$;
      CREATE TRIGGER contact_writes_probe AFTER INSERT OR DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION contact_writes_probe();
    `);
    const ch = (await t.graphql(CHANNEL, {}, admin)).data?.['channels'].find((c: any) => c.publicKey === 'demo-webchat');
    channelId = ch.id;
    base = ch.webchat;
  });
  afterAll(async () => t?.stop());

  describe('settings', () => {
    it('admins set the tag (created in the catalog, trimmed) and the owner; audited; kept by saves that omit them', async () => {
      const r = await save({ acquisition: { tag: '  Web   chat lead ', ownerId: ids['boris'] } });
      expect(r.errors).toBeUndefined();
      expect(r.data?.['updateWebchatChannel'].webchat.acquisition).toEqual({ tag: 'Web chat lead', ownerId: ids['boris'] });
      const tags = (await t.graphql(`query { tags { id name } }`, {}, anna)).data?.['tags'];
      expect(tags.map((x: any) => x.name)).toContain('Web chat lead');
      // an existing catalog tag is reused whatever its case
      expect((await save({ acquisition: { tag: 'WEB CHAT LEAD', ownerId: ids['boris'] } })).data?.['updateWebchatChannel'].webchat.acquisition.tag).toBe('Web chat lead');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM tags WHERE lower(name) = 'web chat lead'`))[0].n).toBe(1);

      const [audit] = await t.db.query(`SELECT actor_id, target_id, details FROM audit_log WHERE action = 'channel.contact_acquisition_changed' ORDER BY created_at DESC LIMIT 1`);
      expect(audit).toMatchObject({ actor_id: ids['admin'], target_id: channelId, details: { tag: 'Web chat lead', ownerId: ids['boris'], ownerEmail: 'boris@demo.test' } });
      const audits = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'channel.contact_acquisition_changed'`))[0].n;
      const before = await audits();

      // a save without the section (an older form) and the routing mutation keep it; no audit entry when nothing changed
      expect((await save({})).data?.['updateWebchatChannel'].webchat.acquisition).toEqual({ tag: 'Web chat lead', ownerId: ids['boris'] });
      const routed = await t.graphql(ROUTING, { i: { channelId, defaultGroupId: null, pageRules: [] } }, admin);
      expect(routed.data?.['updateWebchatRouting'].webchat.acquisition).toEqual({ tag: 'Web chat lead', ownerId: ids['boris'] });
      expect(await audits()).toBe(before);
    });

    it('refuses unknown, deactivated and other workspaces\' operators, over-long tags, and non-admins', async () => {
      const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-${Date.now()}') RETURNING id`);
      const [foreign] = await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'f@other.test', 'x', 'Foreign Agent', 'agent') RETURNING id`, [ws.id]);
      const [gone] = await t.db.query(
        `INSERT INTO operators (workspace_id, email, password_hash, display_name, role, active, deactivated_at) VALUES ($1, 'gone@demo.test', 'x', 'Gone Agent', 'agent', false, now()) RETURNING id`,
        [workspaceId],
      );
      ids['gone'] = gone.id;
      ids['foreign'] = foreign.id;
      for (const ownerId of ['00000000-0000-4000-8000-000000000000', 'nobody', foreign.id, gone.id]) {
        const r = await save({ acquisition: { tag: 'x', ownerId } });
        expect(code(r)).toBe('BAD_USER_INPUT');
        // a malformed id is refused at the edge, which names the argument; the service names the field
        if (ownerId === 'nobody') expect(r.errors?.[0]?.extensions?.['argument']).toBe('input.settings.acquisition.ownerId');
        else expect(field(r)).toBe('acquisition.ownerId');
      }
      expect((await save({ acquisition: { tag: 'x', ownerId: gone.id } })).errors?.[0].message).toMatch(/deactivated/);
      const long = await save({ acquisition: { tag: 'x'.repeat(41), ownerId: null } });
      expect(code(long)).toBe('BAD_USER_INPUT');
      expect(long.errors?.[0].extensions?.['fieldErrors']).toEqual([{ field: 'acquisition.tag', message: 'A tag name can be at most 40 characters' }]);
      // both problems at once, each on its field
      const both = await save({ acquisition: { tag: 'y'.repeat(50), ownerId: gone.id } });
      expect(both.errors?.[0].extensions?.['fieldErrors'].map((e: any) => e.field)).toEqual(['acquisition.tag', 'acquisition.ownerId']);
      expect(code(await save({ acquisition: { tag: 'x', ownerId: ids['anna'] } }, anna))).toBe('FORBIDDEN');
      // nothing changed, and no stray tag was created
      const now = (await t.graphql(CHANNEL.replace('botEnabled', 'botEnabled acquisition { tag ownerId }'), {}, admin)).data?.['channels'].find((c: any) => c.id === channelId);
      expect(now.webchat.acquisition).toEqual({ tag: 'Web chat lead', ownerId: ids['boris'] });
      expect(await t.db.query(`SELECT 1 FROM tags WHERE name = 'x'`)).toHaveLength(0);
    });
  });

  describe('acquisition', () => {
    it("a visitor's first message: one new contact with the tag and the owner", async () => {
      const before = await contactCount();
      const { v, conversationId } = await t.visitorWithConversation('Hi');
      const contact = await contactOf(conversationId);
      expect(contact).toMatchObject({ owner: { id: ids['boris'], displayName: 'Boris Petrov' }, tags: [{ name: 'Web chat lead' }] });
      expect(await contactCount()).toBe(before + 1);
      v.close();
    });

    it('pre-chat form: the contact gets tag and owner at once, and the first message keeps that contact (no throw-away contact)', async () => {
      expect((await save({ preChat: { enabled: true, skipKnownContacts: true, fields: [{ field: 'email', required: true }] } })).errors).toBeUndefined();
      const before = await contactCount();
      await t.db.query(`DELETE FROM contact_writes_probe`);
      const v = await t.visitor();
      await v.waitFor((f) => f.type === 'visitor');
      expect(await frame(v, { type: 'contact', values: { email: 'lead@client.test' } }, 'contact_saved')).toMatchObject({ type: 'contact_saved' });
      const [c] = await t.db.query(`SELECT c.id, c.owner_id FROM contacts c WHERE c.email = 'lead@client.test'`);
      expect(c.owner_id).toBe(ids['boris']);
      const ack = await v.ack(v.send('Hello from the form'));
      expect(await contactOf(ack.message.conversationId)).toMatchObject({ id: c.id, email: 'lead@client.test', owner: { id: ids['boris'] }, tags: [{ name: 'Web chat lead' }] });
      // exactly one contact was created: the first message did not make (and drop) an anonymous one
      expect(await contactCount()).toBe(before + 1);
      expect((await t.db.query(`SELECT op, id FROM contact_writes_probe ORDER BY at`)).map((r: any) => r.op)).toEqual(['INSERT']);
      expect((await save({ preChat: { enabled: false, skipKnownContacts: true, fields: [] } })).errors).toBeUndefined();
      v.close();
    });

    it('identify: a known contact with an owner keeps that owner and gains the tag; a new one gets both', async () => {
      const secret = (await t.graphql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channelId }, admin)).data?.['webchatIdentitySecret'];
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      const [known] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email, external_id, owner_id) VALUES ($1, 'Known Buyer', 'buyer@client.test', 'cust-7', $2) RETURNING id`, [workspaceId, ids['anna']]);
      const v = await t.visitor();
      await v.waitFor((f) => f.type === 'visitor');
      const hash = createHmac('sha256', secret).update('cust-7').digest('hex');
      expect(await frame(v, { type: 'identify', externalId: 'cust-7', hash }, 'identified')).toMatchObject({ verified: true });
      const ack = await v.ack(v.send('It is me'));
      expect(await contactOf(ack.message.conversationId)).toMatchObject({ id: known.id, owner: { id: ids['anna'] }, tags: [{ name: 'Web chat lead' }] });
      v.close();

      const fresh = await t.visitor();
      await fresh.waitFor((f) => f.type === 'visitor');
      const h2 = createHmac('sha256', secret).update('new@client.test').digest('hex');
      expect(await frame(fresh, { type: 'identify', email: 'new@client.test', name: 'New Lead', hash: h2 }, 'identified')).toMatchObject({ verified: true });
      const [c] = await t.db.query(`SELECT c.owner_id, array(SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags FROM contacts c WHERE c.email = 'new@client.test'`);
      expect(c).toEqual({ owner_id: ids['boris'], tags: ['Web chat lead'] });
      fresh.close();
    });

    it('offline form: the contact it creates gets the tag and the owner', async () => {
      const v = await t.visitor();
      await v.welcome();
      v.sendFrame({ type: 'offline_form', clientId: 'off-1', fields: { name: 'Offline Olek', email: 'olek@client.test', message: 'Call me' } });
      const r = await v.waitFor((f) => f.type === 'offline_form_result' || f.type === 'error');
      expect(r).toMatchObject({ ok: true });
      expect(await contactOf(r.conversationId)).toMatchObject({ name: 'Offline Olek', owner: { id: ids['boris'] }, tags: [{ name: 'Web chat lead' }] });
      v.close();
    });

    it('an owner deactivated after the admin chose them is not given to new contacts (the tag still is)', async () => {
      await t.db.query(`UPDATE operators SET active = false WHERE id = $1`, [ids['boris']]);
      try {
        const { v, conversationId } = await t.visitorWithConversation('Anyone?');
        expect(await contactOf(conversationId)).toMatchObject({ owner: null, tags: [{ name: 'Web chat lead' }] });
        v.close();
      } finally {
        await t.db.query(`UPDATE operators SET active = true WHERE id = $1`, [ids['boris']]);
      }
    });

    it('no settings, no tag and no owner', async () => {
      expect((await save({ acquisition: { tag: '', ownerId: null } })).data?.['updateWebchatChannel'].webchat.acquisition).toEqual({ tag: '', ownerId: null });
      const { v, conversationId } = await t.visitorWithConversation('Plain');
      expect(await contactOf(conversationId)).toMatchObject({ owner: null, tags: [] });
      v.close();
      expect((await save({ acquisition: { tag: 'Web chat lead', ownerId: ids['boris'] } })).errors).toBeUndefined();
    });
  });

  describe('operators edit owner and tags from the conversation', () => {
    it('an agent sets the owner and tags; other operators get it live; bad inputs are refused field by field', async () => {
      const { v, conversationId } = await t.visitorWithConversation('Edit me');
      expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
      const sub = t.subscriptions(admin);
      const events = collect<any>(sub, INBOX_EVENT, 3);
      await events.ready;

      const owned = await t.graphql(SET_OWNER, { i: { conversationId, ownerId: ids['anna'] } }, anna);
      expect(owned.data?.['setContactOwner']).toMatchObject({ owner: { id: ids['anna'] } });
      const tagged = await t.graphql(TAG, { i: { conversationId, name: ' VIP ' } }, anna);
      expect(tagged.data?.['tagContact'].tags.map((x: any) => x.name)).toEqual(['VIP', 'Web chat lead']);
      const lead = tagged.data?.['tagContact'].tags.find((x: any) => x.name === 'Web chat lead');
      const untagged = await t.graphql(UNTAG, { i: { conversationId, tagId: lead.id } }, anna);
      expect(untagged.data?.['untagContact'].tags.map((x: any) => x.name)).toEqual(['VIP']);

      const got = await events.done;
      await sub.client.dispose();
      expect(got.map((e) => e.inboxEvent.kind)).toEqual(['conversation_updated', 'conversation_updated', 'conversation_updated']);
      expect(got[2].inboxEvent.conversation).toMatchObject({ id: conversationId, contact: { owner: { id: ids['anna'] }, tags: [{ name: 'VIP' }] } });

      // bad inputs: nothing changes
      for (const ownerId of [ids['gone'], ids['foreign'], '00000000-0000-4000-8000-000000000000']) {
        const r = await t.graphql(SET_OWNER, { i: { conversationId, ownerId } }, anna);
        expect(code(r)).toBe('BAD_USER_INPUT');
        expect(field(r)).toBe('ownerId');
      }
      for (const name of ['', '   ', 'z'.repeat(41)]) {
        const r = await t.graphql(TAG, { i: { conversationId, name } }, anna);
        expect(code(r)).toBe('BAD_USER_INPUT');
        expect(field(r)).toBe('name');
      }
      expect(code(await t.graphql(UNTAG, { i: { conversationId, tagId: '00000000-0000-4000-8000-000000000000' } }, anna))).toBe('NOT_FOUND');
      expect(code(await t.graphql(TAG, { i: { conversationId: '00000000-0000-4000-8000-000000000000', name: 'VIP' } }, anna))).toBe('NOT_FOUND');

      // observers cannot; an agent cannot through a conversation they do not see (Anna's chat)
      expect(code(await t.graphql(TAG, { i: { conversationId, name: 'Spy' } }, olga))).toBe('FORBIDDEN');
      expect(code(await t.graphql(SET_OWNER, { i: { conversationId, ownerId: null } }, olga))).toBe('FORBIDDEN');
      expect(code(await t.graphql(TAG, { i: { conversationId, name: 'Spy' } }, boris))).toBe('FORBIDDEN');
      expect(code(await t.graphql(SET_OWNER, { i: { conversationId, ownerId: ids['boris'] } }, boris))).toBe('FORBIDDEN');
      expect(code(await t.graphql(UNTAG, { i: { conversationId, tagId: lead.id } }, boris))).toBe('FORBIDDEN');
      expect(await contactOf(conversationId)).toMatchObject({ owner: { id: ids['anna'] }, tags: [{ name: 'VIP' }] });
      expect(await t.db.query(`SELECT 1 FROM tags WHERE name = 'Spy'`)).toHaveLength(0);

      // a supervisor/admin sees everything: clears the owner
      expect((await t.graphql(SET_OWNER, { i: { conversationId, ownerId: null } }, admin)).data?.['setContactOwner'].owner).toBeNull();
      v.close();
    });
  });
});
