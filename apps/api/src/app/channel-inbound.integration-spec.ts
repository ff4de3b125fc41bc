import { ChannelInboundService, InboundChannel } from '@parley/api/channels/core';
import { ConversationStatus } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';

/**
 * Issue #9: the one inbound flow every channel calls (ChannelInboundService), here with a sender
 * of a channel kind that has no channel library yet (as e-mail, Telegram and WhatsApp will call it)
 * and with the web chat's adapter for the acquisition settings. The web chat's own uses of it (first
 * message, bot start, offline form) are covered by their specs.
 */
describe('ChannelInboundService (integration)', () => {
  let t: TestApp;
  let inbound: ChannelInboundService;
  let workspaceId: string;
  let telegram: InboundChannel;
  let webchat: InboundChannel;

  const conversationsOf = (channelId: string, contactId: string) =>
    t.db.query(`SELECT id, status, group_id, contact_id FROM conversations WHERE channel_id = $1 AND contact_id = $2 ORDER BY created_at, id`, [channelId, contactId]);
  const identitiesOf = (externalId: string) => t.db.query(`SELECT contact_id, kind, channel_id FROM contact_channel_identities WHERE external_id = $1`, [externalId]);
  const sender = (externalId: string, channel = telegram) => ({ workspaceId, channel, externalId });

  beforeAll(async () => {
    t = await TestApp.start();
    inbound = t.app.get(ChannelInboundService);
    const [ch] = await t.db.query(`SELECT id, workspace_id, type, settings FROM channels WHERE public_key = 'demo-webchat'`);
    workspaceId = ch.workspace_id;
    webchat = { id: ch.id, type: ch.type, settings: ch.settings };
    const [tg] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'fax', 'Fax line', 'inbound-fax', '{"acquisition":{"tagId":null,"ownerId":null}}') RETURNING id, type, settings`, [workspaceId]);
    telegram = tg;
  });
  afterAll(async () => t?.stop());

  it('a first message of a new sender starts one conversation of a new contact and records the identity', async () => {
    const r = await inbound.open(sender('tg-1001'));
    expect(r.started).toBe(true);
    expect(r.contactId).toEqual(expect.any(String));
    expect(await conversationsOf(telegram.id, r.contactId as string)).toEqual([{ id: r.conversationId, status: 'queued', group_id: null, contact_id: r.contactId }]);
    expect(await identitiesOf('tg-1001')).toEqual([{ contact_id: r.contactId, kind: 'fax', channel_id: telegram.id }]);
    // the next message of the same sender continues it
    expect(await inbound.open(sender('tg-1001'))).toEqual({ conversationId: r.conversationId, contactId: r.contactId, started: false });
  });

  it('two messages of one new sender arriving together start one conversation (the sender is locked)', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => inbound.open(sender('tg-2002'))));
    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    expect(await conversationsOf(telegram.id, results[0].contactId as string)).toHaveLength(1);
    expect(await identitiesOf('tg-2002')).toHaveLength(1);
  });

  it('after a close the sender starts a new conversation of the same contact; another channel is another conversation', async () => {
    const first = await inbound.open(sender('tg-3003'));
    await t.db.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [first.conversationId]);
    const second = await inbound.open(sender('tg-3003'));
    expect(second.started).toBe(true);
    expect(second.contactId).toBe(first.contactId);
    expect(second.conversationId).not.toBe(first.conversationId);
    // a conversation deleted from the history does not continue either
    await t.db.query(`UPDATE conversations SET deleted_at = now() WHERE id = $1`, [second.conversationId]);
    const third = await inbound.open(sender('tg-3003'));
    expect(third).toMatchObject({ started: true, contactId: first.contactId });
    expect(third.conversationId).not.toBe(second.conversationId);
  });

  it('applies the status, the group and the channel adapter\'s acquisition settings (SPEC C6)', async () => {
    const [tag] = await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, 'from-inbound') RETURNING id`, [workspaceId]);
    const [owner] = await t.db.query(`SELECT id FROM operators WHERE workspace_id = $1 AND email = 'admin@demo.test'`, [workspaceId]);
    const [group] = await t.db.query(`INSERT INTO operator_groups (workspace_id, name) VALUES ($1, 'Inbound sales') RETURNING id`, [workspaceId]);
    const withAcquisition = { ...webchat, settings: { ...(webchat.settings as object), acquisition: { tagId: tag.id, tagName: 'from-inbound', ownerId: owner.id } } };
    const r = await inbound.open(sender('mail:ann@example.com', withAcquisition), { status: ConversationStatus.pending, groupId: group.id });
    expect(await conversationsOf(webchat.id, r.contactId as string)).toEqual([{ id: r.conversationId, status: 'pending', group_id: group.id, contact_id: r.contactId }]);
    const [contact] = await t.db.query(`SELECT owner_id FROM contacts WHERE id = $1`, [r.contactId]);
    expect(contact.owner_id).toBe(owner.id);
    expect(await t.db.query(`SELECT tag_id FROM contact_tags WHERE contact_id = $1`, [r.contactId])).toEqual([{ tag_id: tag.id }]);
    // a kind without an adapter has no acquisition settings to apply, whatever its JSON holds
    const tgWithJson = { ...telegram, settings: { acquisition: { tagId: tag.id, tagName: 'from-inbound', ownerId: owner.id } } };
    const plain = await inbound.open(sender('tg-4004', tgWithJson));
    expect((await t.db.query(`SELECT owner_id FROM contacts WHERE id = $1`, [plain.contactId]))[0].owner_id).toBeNull();
    expect(await t.db.query(`SELECT tag_id FROM contact_tags WHERE contact_id = $1`, [plain.contactId])).toEqual([]);
  });

  it('a beforeStart that refuses (a rate limit) writes nothing; a continued conversation does not ask it', async () => {
    const contactsBefore = (await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [workspaceId]))[0].n;
    const refuse = jest.fn(async () => {
      throw new Error('RATE_LIMITED');
    });
    await expect(inbound.open(sender('tg-5005'), { beforeStart: refuse })).rejects.toThrow('RATE_LIMITED');
    expect(refuse).toHaveBeenCalledWith(expect.objectContaining({ id: telegram.id, type: 'fax' }));
    expect(await identitiesOf('tg-5005')).toEqual([]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [workspaceId]))[0].n).toBe(contactsBefore);
    const started = await inbound.open(sender('tg-5005'));
    const again = jest.fn(async () => undefined);
    expect(await inbound.open(sender('tg-5005'), { beforeStart: again })).toMatchObject({ started: false, conversationId: started.conversationId });
    expect(again).not.toHaveBeenCalled();
  });

  it('an onStart that fails rolls the start back with it', async () => {
    await expect(inbound.open(sender('tg-6006'), { onStart: async () => Promise.reject(new Error('channel bookkeeping failed')) })).rejects.toThrow('channel bookkeeping failed');
    expect(await identitiesOf('tg-6006')).toEqual([]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE channel_id = $1 AND created_at > now() - interval '1 minute' AND contact_id NOT IN (SELECT contact_id FROM contact_channel_identities)`, [telegram.id]))[0].n).toBe(0);
  });

  it('refuses a sender without a usable external id or channel, before touching the database', async () => {
    await expect(inbound.open(sender(''))).rejects.toThrow('external id');
    await expect(inbound.open(sender('x'.repeat(321)))).rejects.toThrow('external id');
    await expect(inbound.open({ workspaceId, externalId: 'tg-7007' })).rejects.toThrow('needs its channel');
    expect(await identitiesOf('tg-7007')).toEqual([]);
  });
});
