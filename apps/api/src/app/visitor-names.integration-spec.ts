import { contactDisplayName, PSEUDONYM_COLOURS, visitorPseudonym } from '@parley/shared/contracts';
import { MailCatcher } from '../testing/mail-catcher';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const CONTACT = `id name email phone displayName avatarColor`;
const LIST = `query { conversations(first: 50) { nodes { id contact { ${CONTACT} } } } }`;
const ONE = `query($id: ID!) { conversation(id: $id) { id contact { ${CONTACT} } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 20) { nodes { kind conversationId contactName contactDisplayName segments { text match } } } }`;
const INBOX_EVENT = `subscription { inboxEvent { kind conversation { id contact { ${CONTACT} } } } }`;
const PSEUDONYM = /^[A-Z][a-z]+ [A-Z][a-z]+ #[0-9A-F]{4}$/;

/**
 * Issue #17 item 10: an anonymous visitor is shown by a stable pseudonym derived from the contact
 * id ("Teal Otter #4F2A") wherever the API names them — `Contact.displayName`, search hits, the
 * offline-form e-mail to operators, the audit log — until a real name is known.
 */
describe('visitor pseudonyms (integration)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let admin: string;
  let anna: string;
  let boris: string;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://parley.test' });
    [admin, anna, boris] = await Promise.all(['admin@demo.test', 'anna@demo.test', 'boris@demo.test'].map((e) => t.login(e)));
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  const contactOf = async (conversationId: string, token = admin) => {
    const r = await t.graphql(ONE, { id: conversationId }, token);
    expect(r.errors).toBeUndefined();
    return r.data!['conversation'].contact;
  };

  it('names two anonymous visitors differently, readably and the same on every read, with the colour the name says', async () => {
    const a = await t.visitorWithConversation('Hello from the first visitor');
    const b = await t.visitorWithConversation('Hello from the second visitor');
    const ca = await contactOf(a.conversationId);
    const cb = await contactOf(b.conversationId);
    for (const c of [ca, cb]) {
      expect(c.name).toBeNull();
      expect(c.displayName).toMatch(PSEUDONYM);
      expect(c.displayName).toBe(visitorPseudonym(c.id)!.name);
      expect(c.displayName.endsWith(`#${c.id.slice(0, 4).toUpperCase()}`)).toBe(true);
      const adjective = c.displayName.split(' ')[0];
      expect(c.avatarColor).toBe(PSEUDONYM_COLOURS.find(([name]) => name === adjective)![1]);
    }
    expect(ca.displayName).not.toBe(cb.displayName);
    // the list says the same as the single read, and so does every later read (no state: derived)
    const list = (await t.graphql(LIST, {}, admin)).data!['conversations'].nodes;
    expect(list.find((n: any) => n.id === a.conversationId).contact.displayName).toBe(ca.displayName);
    expect((await contactOf(a.conversationId, anna)).displayName).toBe(ca.displayName);
    a.v.close();
    b.v.close();
  });

  it('is replaced by the real name once the visitor gives it (pre-chat form), keeping the avatar colour', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Who am I?');
    const before = await contactOf(conversationId);
    expect(before.displayName).toMatch(PSEUDONYM);
    v.sendFrame({ type: 'contact', values: { name: 'Maria Nowak', email: 'maria.names@example.com' } });
    await v.waitFor((f) => f.type === 'contact_saved');
    const after = await contactOf(conversationId);
    expect(after).toMatchObject({ id: before.id, name: 'Maria Nowak', displayName: 'Maria Nowak', avatarColor: before.avatarColor });
    v.close();

    // only an e-mail known: it is shown (not the pseudonym)
    const second = await t.visitorWithConversation('Only my e-mail');
    second.v.sendFrame({ type: 'contact', values: { email: 'only.mail@example.com' } });
    await second.v.waitFor((f) => f.type === 'contact_saved');
    expect((await contactOf(second.conversationId)).displayName).toBe('only.mail@example.com');
    second.v.close();
  });

  it('carries the pseudonym in live inbox events', async () => {
    const sub = t.subscriptions(admin);
    await sub.connected;
    const events: any[] = [];
    const off = sub.client.subscribe({ query: INBOX_EVENT }, { next: (e) => events.push(e.data?.['inboxEvent']), error: () => undefined, complete: () => undefined });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const { v, conversationId } = await t.visitorWithConversation('Live hello');
      const end = Date.now() + 5000;
      while (!events.some((e) => e?.conversation.id === conversationId) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const e = events.find((x) => x?.conversation.id === conversationId);
      expect(e.conversation.contact.displayName).toBe(visitorPseudonym(e.conversation.contact.id)!.name);
      v.close();
    } finally {
      off();
      await sub.client.dispose();
    }
  });

  it('names the contact in transfer notifications, live and in the list, and follows the real name', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Please pass me on');
    v.close();
    expect((await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, anna)).errors).toBeUndefined();
    const contact = await contactOf(conversationId);
    const borisId = (await t.graphql(`query { me { id } }`, {}, boris)).data!['me'].id;
    const sub = t.subscriptions(boris);
    const live = collect<any>(sub, `subscription { notificationAdded { kind conversationId contactName } }`, 1);
    await live.ready;
    const moved = await t.graphql(`mutation($i: TransferConversationInput!) { transferConversation(input: $i) { id } }`, { i: { conversationId, operatorId: borisId } }, anna);
    expect(moved.errors).toBeUndefined();
    const [n] = await live.done;
    expect(n.notificationAdded).toEqual({ kind: 'transferred', conversationId, contactName: contact.displayName });
    expect(n.notificationAdded.contactName).toMatch(PSEUDONYM);
    await sub.client.dispose();
    const LIST_NOTIFICATIONS = `query { notifications(first: 20) { nodes { kind conversationId contactName } } }`;
    const listed = (await t.graphql(LIST_NOTIFICATIONS, {}, boris)).data!['notifications'].nodes.find((x: any) => x.conversationId === conversationId);
    expect(listed.contactName).toBe(contact.displayName);
    await t.db.query(`UPDATE contacts SET name = 'Piotr Passed' WHERE id = $1`, [contact.id]);
    const renamed = (await t.graphql(LIST_NOTIFICATIONS, {}, boris)).data!['notifications'].nodes.find((x: any) => x.conversationId === conversationId);
    expect(renamed.contactName).toBe('Piotr Passed');
  });

  describe('search by the shown name', () => {
    let mine: { id: string; contact: any };
    let other: { id: string; contact: any };
    beforeAll(async () => {
      const a = await t.visitorWithConversation('Searchable pseudonym one');
      const b = await t.visitorWithConversation('Searchable pseudonym two');
      a.v.close();
      b.v.close();
      await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId: a.conversationId } }, anna);
      mine = { id: a.conversationId, contact: await contactOf(a.conversationId) };
      other = { id: b.conversationId, contact: await contactOf(b.conversationId) };
    });

    it('finds the conversation by the full pseudonym (any case) and by "#code", as a contact hit first', async () => {
      const full = mine.contact.displayName as string;
      const code = full.slice(full.indexOf('#'));
      for (const q of [full, full.toLowerCase(), code, full.replace('#', '')]) {
        const r = await t.graphql(SEARCH, { q }, admin);
        expect(r.errors).toBeUndefined();
        const hits = r.data!['search'].nodes;
        const hit = hits.find((h: any) => h.conversationId === mine.id);
        expect(hit).toMatchObject({ kind: 'contact', contactName: null, contactDisplayName: full });
        expect(hit.segments.some((s: any) => s.match)).toBe(true);
        if (q !== code) expect(hits[0].conversationId).toBe(mine.id);
      }
    });

    it('does not find it by another pseudonym with the same code, nor by words that are not a pseudonym', async () => {
      const [, , code] = (mine.contact.displayName as string).split(' ');
      const p = visitorPseudonym(mine.contact.id)!;
      const wrongAdjective = PSEUDONYM_COLOURS.map(([a]) => a).find((a) => a !== p.adjective)!;
      const wrong = await t.graphql(SEARCH, { q: `${wrongAdjective} ${p.animal} ${code}` }, admin);
      expect(wrong.data!['search'].nodes.find((h: any) => h.conversationId === mine.id)).toBeUndefined();
      for (const q of [`${p.adjective} ${p.animal}`, '#ZZZZ', '#12345', 'Visitor']) {
        const r = await t.graphql(SEARCH, { q }, admin);
        expect(r.errors).toBeUndefined();
        expect(r.data!['search'].nodes.find((h: any) => h.conversationId === mine.id)).toBeUndefined();
      }
    });

    it('keeps role visibility: another agent does not find a conversation he may not see', async () => {
      const q = mine.contact.displayName;
      const byAnna = await t.graphql(SEARCH, { q }, anna);
      expect(byAnna.data!['search'].nodes.map((h: any) => h.conversationId)).toContain(mine.id);
      const byBoris = await t.graphql(SEARCH, { q }, boris);
      expect(byBoris.errors).toBeUndefined();
      expect(byBoris.data!['search'].nodes.map((h: any) => h.conversationId)).not.toContain(mine.id);
      // the queued one stays findable for agents
      const queued = await t.graphql(SEARCH, { q: other.contact.displayName }, boris);
      expect(queued.data!['search'].nodes.map((h: any) => h.conversationId)).toContain(other.id);
    });

    it('finds a named contact no longer by the old pseudonym', async () => {
      const old = other.contact.displayName;
      await t.db.query(`UPDATE contacts SET name = 'Now Known' WHERE id = $1`, [other.contact.id]);
      const r = await t.graphql(SEARCH, { q: old }, admin);
      expect(r.data!['search'].nodes.find((h: any) => h.conversationId === other.id)).toBeUndefined();
      const byName = await t.graphql(SEARCH, { q: 'Now Known' }, admin);
      expect(byName.data!['search'].nodes.find((h: any) => h.conversationId === other.id)).toMatchObject({ contactName: 'Now Known', contactDisplayName: 'Now Known' });
    });
  });

  it('names the visitor in the offline-form e-mail to operators: the pseudonym without a name, the name with one', async () => {
    const [channel] = await t.db.query(`SELECT id FROM channels WHERE public_key = 'demo-webchat'`);
    const saved = await t.graphql(
      `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id } }`,
      {
        i: {
          channelId: channel.id,
          offlineForm: { enabled: true, fields: [{ key: 'name', required: false }, { key: 'message', required: true }], title: 'Away', intro: 'Leave a message', colors: { header: '#112233', button: '#445566' } },
          notifyEmails: ['names-team@shop.test'],
          replyFrom: '',
          marketingConsent: { enabled: false, text: 'Send me offers' },
        },
      },
      admin,
    );
    expect(saved.errors).toBeUndefined();
    const leave = async (v: VisitorClient, fields: Record<string, string>) => {
      const clientId = `names-${Math.random().toString(36).slice(2)}`;
      v.sendFrame({ type: 'offline_form', clientId, fields });
      const result = await v.waitFor((f) => f.type === 'offline_form_result' && f.clientId === clientId);
      expect(result).toMatchObject({ ok: true });
      return result;
    };
    const anon = await t.visitor();
    await anon.welcome();
    const r1 = await leave(anon, { message: 'Anonymous offline question 7731' });
    const mail = await smtp.waitFor((m) => m.to.includes('names-team@shop.test') && m.text.includes('7731'));
    const [row] = await t.db.query(`SELECT c.id, c.contact_id FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE m.body = 'Anonymous offline question 7731'`);
    const pseudonym = visitorPseudonym(row.contact_id)!.name;
    expect(r1.conversationId).toBe(row.id);
    expect(mail.subject).toBe(`New offline message from ${pseudonym} — ${(await t.db.query(`SELECT name FROM channels WHERE id = $1`, [channel.id]))[0].name}`);
    expect(mail.text.split('\n')[0]).toBe(`${pseudonym} left a message through the offline form of "${(await t.db.query(`SELECT name FROM channels WHERE id = $1`, [channel.id]))[0].name}".`);
    // the inbox shows the same name for that conversation
    expect((await contactOf(row.id)).displayName).toBe(pseudonym);
    anon.close();

    const named = await t.visitor();
    await named.welcome();
    await leave(named, { name: 'Olga Offline', message: 'Named offline question 7732' });
    const mail2 = await smtp.waitFor((m) => m.to.includes('names-team@shop.test') && m.text.includes('7732'));
    expect(mail2.subject).toMatch(/^New offline message from Olga Offline — /);
    expect(mail2.text.split('\n')[0]).toMatch(/^Olga Offline left a message/);
    named.close();
  });

  it('records the shown name in the audit log when a conversation is deleted', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Delete me later');
    v.close();
    const contact = await contactOf(conversationId);
    const del = await t.graphql(`mutation($i: DeleteConversationsInput!) { deleteConversations(input: $i) { deletedIds } }`, { i: { conversationIds: [conversationId] } }, admin);
    expect(del.errors).toBeUndefined();
    const audit = await t.graphql(`query { auditLog(first: 20) { nodes { action targetId details } } }`, {}, admin);
    const entry = audit.data!['auditLog'].nodes.find((n: any) => n.targetId === conversationId);
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details;
    expect(details).toMatchObject({ contactId: contact.id, contactName: contactDisplayName({ id: contact.id }) });
    expect(details.contactName).toMatch(PSEUDONYM);
  });
});
