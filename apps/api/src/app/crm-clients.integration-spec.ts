import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/** Issue #11 (E2): the client card — names, phones, e-mails, address, matches while typing, linking a conversation; every role. */

const CONTACT_FIELDS = `id name email phone firstName lastName middleName createdAt updatedAt displayName
  phones { id value primary } emails { id value primary }
  address { line split postalCode city country region metro street house flat building entrance floor block }`;
const CONTACT = `query($id: ID!) { contact(id: $id) { ${CONTACT_FIELDS} } }`;
const SET_NAME = `mutation($i: SetContactNameInput!) { setContactName(input: $i) { ${CONTACT_FIELDS} } }`;
const ADD_PHONE = `mutation($i: AddContactPhoneInput!) { addContactPhone(input: $i) { ${CONTACT_FIELDS} } }`;
const UPDATE_PHONE = `mutation($i: UpdateContactPhoneInput!) { updateContactPhone(input: $i) { ${CONTACT_FIELDS} } }`;
const REMOVE_PHONE = `mutation($i: ContactPhoneRefInput!) { removeContactPhone(input: $i) { ${CONTACT_FIELDS} } }`;
const PRIMARY_PHONE = `mutation($i: ContactPhoneRefInput!) { makeContactPhonePrimary(input: $i) { ${CONTACT_FIELDS} } }`;
const ADD_EMAIL = `mutation($i: AddContactEmailInput!) { addContactEmail(input: $i) { ${CONTACT_FIELDS} } }`;
const UPDATE_EMAIL = `mutation($i: UpdateContactEmailInput!) { updateContactEmail(input: $i) { ${CONTACT_FIELDS} } }`;
const REMOVE_EMAIL = `mutation($i: ContactEmailRefInput!) { removeContactEmail(input: $i) { ${CONTACT_FIELDS} } }`;
const PRIMARY_EMAIL = `mutation($i: ContactEmailRefInput!) { makeContactEmailPrimary(input: $i) { ${CONTACT_FIELDS} } }`;
const SET_ADDRESS = `mutation($i: SetContactAddressInput!) { setContactAddress(input: $i) { ${CONTACT_FIELDS} } }`;
const MATCHES = `query($phone: String, $email: String, $country: String, $except: ID) { clientMatches(phone: $phone, email: $email, country: $country, exceptContactId: $except) { id name } }`;
const LINK = `mutation($i: LinkConversationToContactInput!) { linkConversationToContact(input: $i) { id contact { id name } } }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id contact { id name phone phones { value } } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId actorId contact { id phone phones { value primary } } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('CRM clients: the client card (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, boris: string, olga: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};

  /** A fresh client with no phone or e-mail. */
  const newClient = async (name = 'Ivan Petrov'): Promise<string> =>
    (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id;

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, boris, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    Object.assign(ids, roles.ids);
  });
  afterAll(async () => t?.stop());

  it('every role reads a client; an unknown, malformed or other workspace’s id is NOT_FOUND', async () => {
    const id = await newClient();
    for (const token of [admin, sam, anna, olga]) {
      const r = await t.graphql(CONTACT, { id }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['contact']).toMatchObject({ id, name: 'Ivan Petrov', phones: [], emails: [], address: { line: null, split: false } });
      expect(new Date(r.data?.['contact'].createdAt).getTime()).toBeGreaterThan(0);
    }
    expect(code(await t.graphql(CONTACT, { id: 'nope' }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(CONTACT, { id: '00000000-0000-4000-8000-000000000000' }, anna))).toBe('NOT_FOUND');
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-crm') RETURNING id`);
    const [stranger] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Stranger') RETURNING id`, [other.id]);
    expect(code(await t.graphql(CONTACT, { id: stranger.id }, admin))).toBe('NOT_FOUND');
    expect(code(await t.graphql(SET_NAME, { i: { contactId: stranger.id, firstName: 'X' } }, admin))).toBe('NOT_FOUND');
  });

  it('admins, supervisors and agents edit; observers are refused and nothing changes', async () => {
    const id = await newClient();
    for (const [token, first] of [[admin, 'Alexei'], [sam, 'Semyon'], [anna, 'Anna']] as const) {
      const r = await t.graphql(SET_NAME, { i: { contactId: id, firstName: first } }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['setContactName'].firstName).toBe(first);
    }
    for (const [q, i] of [
      [SET_NAME, { contactId: id, firstName: 'Olga' }],
      [ADD_PHONE, { contactId: id, phone: '+49 151 23456789' }],
      [ADD_EMAIL, { contactId: id, email: 'olga@example.com' }],
      [SET_ADDRESS, { contactId: id, line: 'Somewhere' }],
    ] as const) {
      const r = await t.graphql(q, { i }, olga);
      expect(code(r)).toBe('FORBIDDEN');
      expect(r.errors?.[0].message).toMatch(/Observers/);
    }
    const now = (await t.graphql(CONTACT, { id }, olga)).data?.['contact'];
    expect(now).toMatchObject({ firstName: 'Anna', phones: [], emails: [], address: { line: null } });
  });

  it('names: the parts compose `name`; omitted parts stay, null clears; bad input names the field', async () => {
    const id = await newClient('From the chat');
    let r = await t.graphql(SET_NAME, { i: { contactId: id, firstName: '  Ivan ', lastName: 'Petrov', middleName: 'Sergeevich' } }, anna);
    expect(r.data?.['setContactName']).toMatchObject({ firstName: 'Ivan', lastName: 'Petrov', middleName: 'Sergeevich', name: 'Ivan Sergeevich Petrov', displayName: 'Ivan Sergeevich Petrov' });
    r = await t.graphql(SET_NAME, { i: { contactId: id, middleName: null } }, anna);
    expect(r.data?.['setContactName']).toMatchObject({ firstName: 'Ivan', lastName: 'Petrov', middleName: null, name: 'Ivan Petrov' });
    const long = await t.graphql(SET_NAME, { i: { contactId: id, lastName: 'x'.repeat(101) } }, anna);
    expect(code(long)).toBe('BAD_USER_INPUT');
    expect(field(long)).toBe('lastName');
    expect(long.errors?.[0].message).toMatch(/longer than 100/);
    const ctrl = await t.graphql(SET_NAME, { i: { contactId: id, firstName: 'Iv\u0007an' } }, anna);
    expect(field(ctrl)).toBe('firstName');
    expect(code(await t.graphql(SET_NAME, { i: { contactId: 'not-a-uuid', firstName: 'X' } }, anna))).toBe('BAD_USER_INPUT');
    expect((await t.graphql(CONTACT, { id }, anna)).data?.['contact'].name).toBe('Ivan Petrov');
  });

  it('phones: validated and stored in E.164, one primary (= Contact.phone); add, set one, make primary, remove', async () => {
    const id = await newClient();
    let r = await t.graphql(ADD_PHONE, { i: { contactId: id, phone: '8 (912) 345-67-89', country: 'ru' } }, anna);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['addContactPhone']).toMatchObject({ phone: '+79123456789', phones: [{ value: '+79123456789', primary: true }] });
    r = await t.graphql(ADD_PHONE, { i: { contactId: id, phone: '+49 151 23456789' } }, anna);
    expect(r.data?.['addContactPhone'].phones).toEqual([expect.objectContaining({ value: '+79123456789', primary: true }), expect.objectContaining({ value: '+4915123456789', primary: false })]);
    const german = r.data?.['addContactPhone'].phones[1].id;
    const russian = r.data?.['addContactPhone'].phones[0].id;

    r = await t.graphql(PRIMARY_PHONE, { i: { contactId: id, phoneId: german } }, anna);
    expect(r.data?.['makeContactPhonePrimary']).toMatchObject({ phone: '+4915123456789' });
    expect(r.data?.['makeContactPhonePrimary'].phones.map((p: any) => [p.value, p.primary])).toEqual([['+4915123456789', true], ['+79123456789', false]]);

    r = await t.graphql(UPDATE_PHONE, { i: { contactId: id, phoneId: german, phone: '+49 152 34567890' } }, anna);
    expect(r.data?.['updateContactPhone']).toMatchObject({ phone: '+4915234567890' });

    r = await t.graphql(REMOVE_PHONE, { i: { contactId: id, phoneId: german } }, anna);
    expect(r.data?.['removeContactPhone']).toMatchObject({ phone: '+79123456789', phones: [{ id: russian, value: '+79123456789', primary: true }] });
    r = await t.graphql(REMOVE_PHONE, { i: { contactId: id, phoneId: russian } }, anna);
    expect(r.data?.['removeContactPhone']).toMatchObject({ phone: null, phones: [] });

    // audited: who changed what
    const audit = await t.db.query(`SELECT actor_id, details FROM audit_log WHERE action = 'contact.changed' AND target_id = $1 ORDER BY created_at`, [id]);
    expect(audit.map((a: any) => a.details.op)).toEqual(['add', 'add', 'primary', 'replace', 'remove', 'remove']);
    expect(audit[0]).toMatchObject({ actor_id: ids['anna'], details: { field: 'phone', value: '+79123456789' } });
  });

  it('phones: invalid, national without a country, unknown country, duplicate, unknown id — clear errors naming the field', async () => {
    const id = await newClient();
    await t.graphql(ADD_PHONE, { i: { contactId: id, phone: '+4915123456789' } }, anna);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ phone: '' }, 'phone', /Enter a phone/],
      [{ phone: '12345' }, 'phone', /country code/],
      [{ phone: '+1 555' }, 'phone', /not a (valid )?phone number/],
      [{ phone: '+7 000 000-00-00' }, 'phone', /not a valid phone number/],
      [{ phone: 'call me maybe' }, 'phone', /country code/],
      [{ phone: '9123456789', country: 'XX' }, 'country', /not a country code/],
      [{ phone: '0151 23456789', country: 'DE' }, 'phone', /already has/],
      [{ phone: '+'.padEnd(41, '1') }, 'phone', /at most 40/],
    ];
    for (const [i, f, message] of cases) {
      const r = await t.graphql(ADD_PHONE, { i: { contactId: id, ...i } }, anna);
      expect({ i, code: code(r), field: field(r) }).toEqual({ i, code: 'BAD_USER_INPUT', field: f });
      expect(r.errors?.[0].message).toMatch(message);
    }
    const [phone] = (await t.graphql(CONTACT, { id }, anna)).data!['contact'].phones;
    expect(code(await t.graphql(UPDATE_PHONE, { i: { contactId: id, phoneId: phone.id, phone: 'nonsense' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(REMOVE_PHONE, { i: { contactId: id, phoneId: '00000000-0000-4000-8000-000000000000' } }, anna))).toBe('NOT_FOUND');
    // another client's phone id is not this client's
    const other = await newClient();
    expect(code(await t.graphql(REMOVE_PHONE, { i: { contactId: other, phoneId: phone.id } }, anna))).toBe('NOT_FOUND');
    expect((await t.graphql(CONTACT, { id }, anna)).data?.['contact'].phones).toHaveLength(1);
  });

  it('e-mails: a real syntax check, lower case, one primary (= Contact.email)', async () => {
    const id = await newClient();
    for (const bad of ['', 'no-at-sign', 'a@b', 'two@@example.com', 'a b@example.com', 'x@example..com', '<x@example.com>', 'Name <x@example.com>', `${'x'.repeat(250)}@example.com`]) {
      const r = await t.graphql(ADD_EMAIL, { i: { contactId: id, email: bad } }, anna);
      expect({ bad, code: code(r), field: field(r) }).toEqual({ bad, code: 'BAD_USER_INPUT', field: 'email' });
    }
    let r = await t.graphql(ADD_EMAIL, { i: { contactId: id, email: '  Ivan.Petrov@Example.COM ' } }, anna);
    expect(r.data?.['addContactEmail']).toMatchObject({ email: 'ivan.petrov@example.com', emails: [{ value: 'ivan.petrov@example.com', primary: true }] });
    expect(code(await t.graphql(ADD_EMAIL, { i: { contactId: id, email: 'IVAN.PETROV@example.com' } }, anna))).toBe('BAD_USER_INPUT');
    r = await t.graphql(ADD_EMAIL, { i: { contactId: id, email: 'work@example.org', primary: true } }, anna);
    expect(r.data?.['addContactEmail']).toMatchObject({ email: 'work@example.org' });
    const [work, home] = r.data!['addContactEmail'].emails;
    expect([work.value, work.primary, home.primary]).toEqual(['work@example.org', true, false]);
    r = await t.graphql(UPDATE_EMAIL, { i: { contactId: id, emailId: home.id, email: 'home@example.net' } }, anna);
    expect(r.data?.['updateContactEmail'].emails.map((e: any) => e.value)).toEqual(['work@example.org', 'home@example.net']);
    r = await t.graphql(PRIMARY_EMAIL, { i: { contactId: id, emailId: home.id } }, anna);
    expect(r.data?.['makeContactEmailPrimary'].email).toBe('home@example.net');
    r = await t.graphql(REMOVE_EMAIL, { i: { contactId: id, emailId: home.id } }, anna);
    expect(r.data?.['removeContactEmail']).toMatchObject({ email: 'work@example.org', emails: [{ value: 'work@example.org', primary: true }] });
  });

  it('a phone or e-mail a channel writes (contacts.phone / email) is the primary one; the replaced one stays', async () => {
    const id = await newClient();
    await t.db.query(`UPDATE contacts SET phone = '+4915123456789', email = 'Chat@Example.com' WHERE id = $1`, [id]);
    let c = (await t.graphql(CONTACT, { id }, anna)).data?.['contact'];
    expect(c.phones).toEqual([expect.objectContaining({ value: '+4915123456789', primary: true })]);
    expect(c.emails).toEqual([expect.objectContaining({ value: 'chat@example.com', primary: true })]);
    await t.db.query(`UPDATE contacts SET phone = '+79123456789' WHERE id = $1`, [id]);
    c = (await t.graphql(CONTACT, { id }, anna)).data?.['contact'];
    expect(c.phones.map((p: any) => [p.value, p.primary])).toEqual([['+79123456789', true], ['+4915123456789', false]]);
  });

  it('address: one line with separate, unlinked postal code / city / country / region / metro; split: composed from every part', async () => {
    const id = await newClient();
    let r = await t.graphql(SET_ADDRESS, { i: { contactId: id, line: 'Tverskaya 1, Moscow', city: 'Moskva', postalCode: '125009' } }, anna);
    expect(r.data?.['setContactAddress'].address).toMatchObject({ line: 'Tverskaya 1, Moscow', split: false, city: 'Moskva', postalCode: '125009' });
    // not linked: changing the city leaves the line as it is
    r = await t.graphql(SET_ADDRESS, { i: { contactId: id, city: 'Saint Petersburg', metro: 'Nevsky Prospekt' } }, anna);
    expect(r.data?.['setContactAddress'].address).toMatchObject({ line: 'Tverskaya 1, Moscow', city: 'Saint Petersburg', metro: 'Nevsky Prospekt', postalCode: '125009' });
    // the other parts need the split
    const early = await t.graphql(SET_ADDRESS, { i: { contactId: id, street: 'Nevsky', flat: '5' } }, anna);
    expect(code(early)).toBe('BAD_USER_INPUT');
    expect(early.errors?.[0].extensions?.['fieldErrors'].map((f: any) => f.field)).toEqual(['street', 'flat']);

    r = await t.graphql(SET_ADDRESS, { i: { contactId: id, split: true, country: 'Russia', street: 'Nevsky prospekt', house: '28', flat: '5', floor: '3', postalCode: '191186' } }, anna);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['setContactAddress'].address).toMatchObject({
      split: true,
      line: '191186, Russia, Saint Petersburg, metro Nevsky Prospekt, Nevsky prospekt 28, floor 3, flat 5',
      street: 'Nevsky prospekt',
      house: '28',
    });
    // split: every part is linked (the line follows), and the line itself is not edited
    r = await t.graphql(SET_ADDRESS, { i: { contactId: id, flat: '6', metro: null } }, anna);
    expect(r.data?.['setContactAddress'].address.line).toBe('191186, Russia, Saint Petersburg, Nevsky prospekt 28, floor 3, flat 6');
    const line = await t.graphql(SET_ADDRESS, { i: { contactId: id, line: 'Elsewhere' } }, anna);
    expect([code(line), field(line)]).toEqual(['BAD_USER_INPUT', 'line']);
    expect(code(await t.graphql(SET_ADDRESS, { i: { contactId: id, city: 'x'.repeat(201) } }, anna))).toBe('BAD_USER_INPUT');
    // joined back: the composed line stays as free text
    r = await t.graphql(SET_ADDRESS, { i: { contactId: id, split: false } }, anna);
    expect(r.data?.['setContactAddress'].address).toMatchObject({ split: false, line: '191186, Russia, Saint Petersburg, Nevsky prospekt 28, floor 3, flat 6' });
    r = await t.graphql(SET_ADDRESS, { i: { contactId: id, line: 'x'.repeat(501) } }, anna);
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'line']);
  });

  it('publishes every change to operators who have the client open (observers too), and nothing for a no-op', async () => {
    const id = await newClient();
    const subs = [t.subscriptions(boris), t.subscriptions(olga)];
    const streams = subs.map((s) => collect<any>(s, CHANGES(id), 2));
    await Promise.all(streams.map((s) => s.ready));
    const added = await t.graphql(ADD_PHONE, { i: { contactId: id, phone: '+4915123456789' } }, anna);
    const phoneId = added.data?.['addContactPhone'].phones[0].id;
    await t.graphql(UPDATE_PHONE, { i: { contactId: id, phoneId, phone: '+49 151 23456789' } }, anna); // the same number: no change
    await t.graphql(SET_NAME, { i: { contactId: id, firstName: 'Live' } }, anna);
    for (const s of streams) {
      const events = await s.done;
      expect(events.map((e) => e.contactChanged.kind)).toEqual(['updated', 'updated']);
      expect(events[0].contactChanged).toMatchObject({ contactId: id, actorId: ids['anna'], contact: { phone: '+4915123456789', phones: [{ value: '+4915123456789', primary: true }] } });
    }
    subs.forEach((s) => void s.client.dispose());
    const unknown = await new Promise<any>((resolve) => {
      const s = t.subscriptions(anna);
      s.client.subscribe({ query: CHANGES('00000000-0000-4000-8000-000000000000') }, { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => undefined });
    });
    expect(JSON.stringify(unknown)).toContain('NOT_FOUND');
  });

  it('clientMatches: finds clients by the normalised phone or e-mail as the operator types it', async () => {
    const id = await newClient('Match Me');
    await t.graphql(ADD_PHONE, { i: { contactId: id, phone: '+49 151 99887766' } }, anna);
    await t.graphql(ADD_EMAIL, { i: { contactId: id, email: 'match.me@example.com' } }, anna);
    for (const token of [admin, sam, anna, olga]) {
      expect((await t.graphql(MATCHES, { phone: '0151 99887766', country: 'DE' }, token)).data?.['clientMatches']).toEqual([{ id, name: 'Match Me' }]);
    }
    expect((await t.graphql(MATCHES, { phone: '+4915199887766' }, anna)).data?.['clientMatches'].map((c: any) => c.id)).toEqual([id]);
    expect((await t.graphql(MATCHES, { email: ' MATCH.me@example.com' }, anna)).data?.['clientMatches'].map((c: any) => c.id)).toEqual([id]);
    // still typing, or the client being edited itself: nothing
    expect((await t.graphql(MATCHES, { phone: '+49 151 998' }, anna)).data?.['clientMatches']).toEqual([]);
    expect((await t.graphql(MATCHES, { email: 'match.me@exa' }, anna)).data?.['clientMatches']).toEqual([]);
    expect((await t.graphql(MATCHES, { phone: '+4915199887766', except: id }, anna)).data?.['clientMatches']).toEqual([]);
    expect(code(await t.graphql(MATCHES, {}, anna))).toBe('BAD_USER_INPUT');
    expect(field(await t.graphql(MATCHES, { phone: '0151 99887766', country: 'ZZ' }, anna))).toBe('country');
    expect(code(await t.graphql(MATCHES, { email: 'x'.repeat(400) }, anna))).toBe('BAD_USER_INPUT');
    // the look-up is an index scan
    const [plan] = await t.db.query(`EXPLAIN SELECT contact_id FROM contact_phones WHERE workspace_id = $1 AND value = '+4915199887766'`, [workspaceId]);
    expect(JSON.stringify(plan)).toMatch(/Index/);
  });

  it('links a conversation to the matching client: its contact, identities and the audit follow; refused to observers and to agents who cannot see it', async () => {
    const client = await newClient('Known Client');
    await t.graphql(ADD_PHONE, { i: { contactId: client, phone: '+4915111112222' } }, admin);
    const { conversationId } = await t.visitorWithConversation('Hi, it is me again');
    const before = (await t.graphql(CONVERSATION, { id: conversationId }, admin)).data?.['conversation'].contact.id;
    expect(before).not.toBe(client);

    expect(code(await t.graphql(LINK, { i: { conversationId, contactId: client } }, olga))).toBe('FORBIDDEN');
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    expect(code(await t.graphql(LINK, { i: { conversationId, contactId: client } }, boris))).toBe('FORBIDDEN');
    expect(code(await t.graphql(LINK, { i: { conversationId, contactId: '00000000-0000-4000-8000-000000000000' } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(LINK, { i: { conversationId, contactId: 'nope' } }, anna))).toBe('BAD_USER_INPUT');

    const sub = t.subscriptions(sam);
    const stream = collect<any>(sub, CHANGES(client), 1);
    await stream.ready;
    const r = await t.graphql(LINK, { i: { conversationId, contactId: client } }, anna);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['linkConversationToContact'].contact).toEqual({ id: client, name: 'Known Client' });
    expect((await stream.done)[0].contactChanged.kind).toBe('conversation_linked');
    void sub.client.dispose();
    expect((await t.graphql(CONVERSATION, { id: conversationId }, sam)).data?.['conversation'].contact).toMatchObject({ id: client, phone: '+4915111112222' });
    // the visitor's web chat identity now names the client
    const identities = await t.db.query(`SELECT contact_id FROM contact_channel_identities WHERE contact_id = ANY($1::uuid[])`, [[before, client]]);
    expect(identities.every((i: any) => i.contact_id === client)).toBe(true);
    const [audit] = await t.db.query(`SELECT actor_id, target_id, details FROM audit_log WHERE action = 'contact.conversation_linked'`);
    expect(audit).toMatchObject({ actor_id: ids['anna'], target_id: client, details: { conversationId, fromContactId: before } });
  });

  it('linking a web chat conversation moves its visitor too: what the visitor tells the widget next lands on the client', async () => {
    const client = await newClient('Linked Visitor');
    const { v, conversationId } = await t.visitorWithConversation('Hello, I wrote last week');
    const [{ contact_id: anonymous }] = await t.db.query(`SELECT contact_id FROM visitors WHERE conversation_id = $1`, [conversationId]);
    expect(anonymous).not.toBe(client);
    // an observer is refused and the visitor stays where it was
    expect(code(await t.graphql(LINK, { i: { conversationId, contactId: client } }, olga))).toBe('FORBIDDEN');
    expect((await t.db.query(`SELECT contact_id FROM visitors WHERE conversation_id = $1`, [conversationId]))[0].contact_id).toBe(anonymous);

    expect((await t.graphql(LINK, { i: { conversationId, contactId: client } }, admin)).errors).toBeUndefined();
    expect((await t.db.query(`SELECT contact_id FROM visitors WHERE conversation_id = $1`, [conversationId]))[0].contact_id).toBe(client);
    // the pre-chat form the visitor sends now fills the client, not the anonymous contact left behind
    const before = v.frames.length;
    v.sendFrame({ type: 'contact', values: { name: 'Whoever', email: 'linked.visitor@example.com' } });
    expect(await v.waitFor((f) => v.frames.indexOf(f) >= before && (f.type === 'contact_saved' || f.type === 'error'))).toMatchObject({ type: 'contact_saved' });
    const [c] = await t.db.query(`SELECT name, email FROM contacts WHERE id = $1`, [client]);
    expect(c).toEqual({ name: 'Linked Visitor', email: 'linked.visitor@example.com' });
    expect((await t.db.query(`SELECT email FROM contacts WHERE id = $1`, [anonymous]))[0].email).toBeNull();
    // linking back moves it back
    expect((await t.graphql(LINK, { i: { conversationId, contactId: anonymous } }, admin)).errors).toBeUndefined();
    expect((await t.db.query(`SELECT contact_id FROM visitors WHERE conversation_id = $1`, [conversationId]))[0].contact_id).toBe(anonymous);
  });
});
