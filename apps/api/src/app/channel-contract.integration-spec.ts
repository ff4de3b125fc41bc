import { ChannelRegistry } from '@parley/api/channels/core';
import { ContactIdentitiesService } from '@parley/api/contacts';
import { createHmac } from 'node:crypto';
import { ContactChannelIdentities1764070000000 } from '../migrations/1764070000000-contact-channel-identities';
import { TestApp } from '../testing/test-app';

const CHANNELS = `query { channels { id type kindName publicKey capabilities { editable embeddable readReceipts emailsRepliesWhenAway } } }`;
const CONVERSATION_CHANNEL = `query($id: ID!) { conversation(id: $id) { id channel { type capabilities { editable embeddable } } } }`;

/** Issue #9: the channel contract (adapters, capabilities) and contact identities per channel. */
describe('channel contract and contact identities (integration)', () => {
  let t: TestApp;
  let admin: string;
  let channelId: string;
  let workspaceId: string;

  const identitiesOfVisitor = (visitorId: string) =>
    t.db.query(`SELECT workspace_id, contact_id, kind, channel_id, external_id FROM contact_channel_identities WHERE external_id = $1`, [visitorId]);
  const visitorOf = async (conversationId: string) => (await t.db.query(`SELECT id, contact_id FROM visitors WHERE conversation_id = $1`, [conversationId]))[0] as { id: string; contact_id: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
    [{ id: channelId, workspace_id: workspaceId }] = await t.db.query(`SELECT id, workspace_id FROM channels WHERE public_key = 'demo-webchat'`);
  });
  afterAll(async () => t?.stop());

  it('GraphQL Channel tells its capabilities and kind name from the adapter; a kind without an adapter can do nothing', async () => {
    const [other] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'fax', 'Fax line', 'fax-key', '{}') RETURNING id`, [workspaceId]);
    const r = await t.graphql(CHANNELS, {}, admin);
    expect(r.errors).toBeUndefined();
    const byKey = Object.fromEntries(r.data?.['channels'].map((c: any) => [c.publicKey, c]));
    expect(byKey['demo-webchat']).toMatchObject({ type: 'webchat', kindName: 'Web chat', capabilities: { editable: true, embeddable: true, readReceipts: true, emailsRepliesWhenAway: true } });
    expect(byKey['fax-key']).toMatchObject({ type: 'fax', kindName: 'fax', capabilities: { editable: false, embeddable: false, readReceipts: false, emailsRepliesWhenAway: false } });
    // the conversation's channel carries them too (the inbox decides the edit pencil by it)
    const v = await t.visitor();
    const ack = await v.ack(v.send('Capabilities?'));
    const c = await t.graphql(CONVERSATION_CHANNEL, { id: ack.message.conversationId }, admin);
    expect(c.data?.['conversation'].channel).toEqual({ type: 'webchat', capabilities: { editable: true, embeddable: true } });
    v.close();
    // signed out: nothing
    expect((await t.graphql(CHANNELS, {})).errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    await t.db.query(`DELETE FROM channels WHERE id = $1`, [other.id]);
  });

  it('the API process registered the web chat adapter once; an unknown kind is an error', async () => {
    const registry = t.app.get(ChannelRegistry);
    // each kind once, whatever other channel libraries are installed
    expect(registry.kinds()).toEqual(expect.arrayContaining(['email', 'telegram', 'webchat', 'whatsapp']));
    expect(new Set(registry.kinds()).size).toBe(registry.kinds().length);
    expect(() => registry.get('fax')).toThrow('no channel adapter for kind "fax"');
  });

  it('a new visitor who writes gets a web chat identity for their new contact', async () => {
    const v = await t.visitor();
    const ack = await v.ack(v.send('First words'));
    const visitor = await visitorOf(ack.message.conversationId);
    expect(await identitiesOfVisitor(visitor.id)).toEqual([{ workspace_id: workspaceId, contact_id: visitor.contact_id, kind: 'webchat', channel_id: channelId, external_id: visitor.id }]);
    // a second message does not add another
    await v.ack(v.send('More words'));
    expect(await identitiesOfVisitor(visitor.id)).toHaveLength(1);
    const identities = t.app.get(ContactIdentitiesService);
    expect(await identities.findContactId(workspaceId, 'webchat', visitor.id)).toBe(visitor.contact_id);
    expect(await identities.findContactId(workspaceId, 'telegram', visitor.id)).toBeNull();
    expect(await identities.findContactId(workspaceId, 'webchat', 'x'.repeat(400))).toBeNull();
    v.close();
  });

  it('identify moves the visitor identity to the known contact', async () => {
    const secret = (await t.graphql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channelId }, admin)).data?.['webchatIdentitySecret'];
    const [known] = await t.db.query(`INSERT INTO contacts (workspace_id, name, external_id) VALUES ($1, 'Known Client', 'cust-9') RETURNING id`, [workspaceId]);
    const v = await t.visitor();
    const ack = await v.ack(v.send('Before identify'));
    const before = await visitorOf(ack.message.conversationId);
    expect((await identitiesOfVisitor(before.id))[0].contact_id).toBe(before.contact_id);
    expect(before.contact_id).not.toBe(known.id);
    const n = v.frames.length;
    v.sendFrame({ type: 'identify', externalId: 'cust-9', hash: createHmac('sha256', secret).update('cust-9').digest('hex') });
    expect(await v.waitFor((f) => v.frames.indexOf(f) >= n && (f.type === 'identified' || f.type === 'error'))).toMatchObject({ type: 'identified', verified: true });
    expect(await identitiesOfVisitor(before.id)).toEqual([expect.objectContaining({ contact_id: known.id, kind: 'webchat', channel_id: channelId })]);
    const listed = await t.app.get(ContactIdentitiesService).listForContact(workspaceId, known.id);
    expect(listed.map((i) => i.externalId)).toEqual([before.id]);
    v.close();
  });

  it('a merge of contacts moves every identity; attach of another workspace contact writes nothing', async () => {
    const identities = t.app.get(ContactIdentitiesService);
    const [a] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'A') RETURNING id`, [workspaceId]);
    const [b] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'B') RETURNING id`, [workspaceId]);
    await t.db.transaction(async (m) => {
      await identities.attach(m, { workspaceId, contactId: a.id, kind: 'email', externalId: 'a@example.com' });
      await identities.attach(m, { workspaceId, contactId: a.id, kind: 'telegram', externalId: '424242' });
    });
    expect(await t.db.transaction((m) => identities.moveAll(m, workspaceId, a.id, b.id))).toBe(2);
    expect((await identities.listForContact(workspaceId, b.id)).map((i) => `${i.kind}:${i.externalId}`).sort()).toEqual(['email:a@example.com', 'telegram:424242']);
    expect(await identities.listForContact(workspaceId, a.id)).toEqual([]);
    // an external id is one contact's per (workspace, kind): attaching it again moves it
    await t.db.transaction((m) => identities.attach(m, { workspaceId, contactId: a.id, kind: 'telegram', externalId: '424242' }));
    expect(await identities.findContactId(workspaceId, 'telegram', '424242')).toBe(a.id);
    // another workspace's contact id is not taken
    const [ws2] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-ident') RETURNING id`);
    await t.db.transaction((m) => identities.attach(m, { workspaceId: ws2.id, contactId: a.id, kind: 'telegram', externalId: '777' }));
    expect(await identities.findContactId(ws2.id, 'telegram', '777')).toBeNull();
    await expect(t.db.transaction((m) => identities.attach(m, { workspaceId, contactId: a.id, kind: 'email', externalId: '' }))).rejects.toThrow(/external id/);
  });

  it('the migration backfills identities from the visitors that have a contact', async () => {
    const [withContact] = await t.db.query(`INSERT INTO contacts (workspace_id) VALUES ($1) RETURNING id`, [workspaceId]);
    const [v1] = await t.db.query(`INSERT INTO visitors (workspace_id, channel_id, contact_id) VALUES ($1, $2, $3) RETURNING id`, [workspaceId, channelId, withContact.id]);
    const [v2] = await t.db.query(`INSERT INTO visitors (workspace_id, channel_id) VALUES ($1, $2) RETURNING id`, [workspaceId, channelId]);
    const migration = new ContactChannelIdentities1764070000000();
    const q = t.db.createQueryRunner();
    try {
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
    }
    expect(await identitiesOfVisitor(v1.id)).toEqual([{ workspace_id: workspaceId, contact_id: withContact.id, kind: 'webchat', channel_id: channelId, external_id: v1.id }]);
    expect(await identitiesOfVisitor(v2.id)).toEqual([]);
    const [{ missing }] = await t.db.query(
      `SELECT count(*)::int AS missing FROM visitors v WHERE v.contact_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM contact_channel_identities i WHERE i.kind = 'webchat' AND i.external_id = v.id::text AND i.contact_id = v.contact_id)`,
    );
    expect(missing).toBe(0);
  });
});
