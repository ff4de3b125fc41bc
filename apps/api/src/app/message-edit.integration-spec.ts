import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { collect, TestApp } from '../testing/test-app';

const ACTIVITY = (id: string) => `subscription { conversationActivity(conversationId: "${id}") { kind message { id authorId body editedAt } } }`;
const INBOX = `subscription { inboxEvent { kind conversation { id lastMessagePreview } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body authorId } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const EDIT = `mutation($i: EditMessageInput!) { editMessage(input: $i) { id seq body editedAt authorId } }`;
const TRANSFER = `mutation($i: TransferConversationInput!) { transferConversation(input: $i) { id } }`;
const DELETE = `mutation($i: DeleteConversationsInput!) { deleteConversations(input: $i) { deletedIds } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id seq body editedAt authorType authorId } } }`;
const ME = `query { me { id } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];

/**
 * SPEC A10 for operators (issue #17, item 2): an operator edits their own last message; the rules
 * (own message only, in the caller's workspace and conversations, web chat only, the sending
 * rules for the text, 15 minutes) hold with coded errors, and nothing changes when refused.
 */
describe('operators edit their own last message (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());

  async function annasConversation(first = 'Where is my parcel?') {
    const { v, conversationId, ack } = await t.visitorWithConversation(first);
    const anna = await t.login('anna@demo.test');
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    return { v, conversationId, ack, anna };
  }

  it('saves the new text with editedAt; the visitor, the other operators and the list follow live', async () => {
    const { v, conversationId, anna } = await annasConversation();
    const admin = await t.login('admin@demo.test');
    const annaId = (await t.graphql(ME, {}, anna)).data?.['me'].id;
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'me-1', body: 'It left on Mnoday' } }, anna);
    const id = sent.data?.['sendMessage'].id;
    // the operator app learns whose message it is (to offer the edit on one's own)
    expect(sent.data?.['sendMessage'].authorId).toBe(annaId);
    await v.waitFor((f) => f.type === 'message' && f.message.id === id);

    const adminSub = t.subscriptions(admin);
    const activity = collect<any>(adminSub, ACTIVITY(conversationId), 1);
    const inbox = collect<any>(adminSub, INBOX, 1);
    await Promise.all([activity.ready, inbox.ready]);
    const r = await t.graphql(EDIT, { i: { messageId: id, body: 'It left on Monday' } }, anna);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['editMessage']).toMatchObject({ id, body: 'It left on Monday', authorId: annaId });
    expect(r.data?.['editMessage'].editedAt).toBeTruthy();

    const [live] = await activity.done;
    expect(live.conversationActivity).toMatchObject({ kind: 'message_edited', message: { id, authorId: annaId, body: 'It left on Monday' } });
    expect(live.conversationActivity.message.editedAt).toBeTruthy();
    const [row] = await inbox.done;
    expect(row.inboxEvent.conversation).toMatchObject({ id: conversationId, lastMessagePreview: 'It left on Monday' });
    const frame = await v.waitFor((f) => f.type === 'message_edited' && f.message.id === id);
    expect(frame.message).toMatchObject({ body: 'It left on Monday' });
    expect(frame.message.editedAt).toBeTruthy();
    // the visitor's copy does not carry the operator's id
    expect(frame.message).not.toHaveProperty('authorId');
    expect(v.frames.filter((f) => f.message).every((f) => !('authorId' in f.message))).toBe(true);

    const page = await t.graphql(MESSAGES, { id: conversationId }, admin);
    expect(page.data?.['messages'].nodes.find((m: any) => m.id === id)).toMatchObject({ body: 'It left on Monday', authorType: 'operator', authorId: annaId });
    await adminSub.client.dispose();
    v.close();
  });

  it('keeps the files of a message when its text is edited', async () => {
    const { v, conversationId, anna } = await annasConversation();
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'me-files', body: 'See the invoice' } }, anna);
    const id = sent.data?.['sendMessage'].id;
    const files = [{ id: '00000000-0000-4000-8000-00000000f11e', name: 'invoice.pdf', mime: 'application/pdf', size: 10, width: null, height: null }];
    await t.db.query(`UPDATE messages SET attachments = $2 WHERE id = $1`, [id, JSON.stringify(files)]);
    expect((await t.graphql(EDIT, { i: { messageId: id, body: 'See the attached invoice' } }, anna)).errors).toBeUndefined();
    const [row] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [id]);
    expect(row.body).toBe('See the attached invoice');
    expect(row.attachments).toEqual(files);
    v.close();
  });

  it('refuses someone else’s, a system line, a foreign workspace’s, an unknown id, empty and too long text, with codes', async () => {
    const { v, conversationId, ack, anna } = await annasConversation();
    const admin = await t.login('admin@demo.test');
    const mine = (await t.graphql(SEND, { i: { conversationId, clientId: 'me-r1', body: 'Mine' } }, anna)).data?.['sendMessage'].id;
    // a supervisor writes into Anna's chat: his message is not Anna's to change, nor Anna's his
    const his = (await t.graphql(SEND, { i: { conversationId, clientId: 'me-r2', body: 'Supervisor here' } }, admin)).data?.['sendMessage'].id;
    expect(code(await t.graphql(EDIT, { i: { messageId: his, body: 'hijack' } }, anna))).toBe('FORBIDDEN');
    expect(code(await t.graphql(EDIT, { i: { messageId: mine, body: 'hijack' } }, admin))).toBe('FORBIDDEN');
    // the visitor's message and a system line (the take) are nobody's to edit
    expect(code(await t.graphql(EDIT, { i: { messageId: ack.message.id, body: 'x' } }, anna))).toBe('FORBIDDEN');
    const [system] = await t.db.query(
      `INSERT INTO messages (workspace_id, conversation_id, seq, author_type, author_id, author_name, body)
       SELECT workspace_id, id, last_seq + 1, 'system', NULL, NULL, 'Anna took over the conversation' FROM conversations WHERE id = $1 RETURNING id`,
      [conversationId],
    );
    await t.db.query(`UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1`, [conversationId]);
    expect(code(await t.graphql(EDIT, { i: { messageId: system.id, body: 'x' } }, anna))).toBe('FORBIDDEN');
    expect(code(await t.graphql(EDIT, { i: { messageId: system.id, body: 'x' } }, admin))).toBe('FORBIDDEN');

    // a message of another workspace does not exist for the caller, even with its id
    const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-${Date.now()}') RETURNING id`);
    const [ch] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', 'x', $2, '{}') RETURNING id`, [ws.id, `k${Date.now()}`]);
    const [{ contact_id }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [conversationId]);
    const [foreignConv] = await t.db.query(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'open', 1) RETURNING id`, [ws.id, ch.id, contact_id]);
    const [{ id: annaId }] = await t.db.query(`SELECT id FROM operators WHERE email = 'anna@demo.test'`);
    const [foreign] = await t.db.query(
      `INSERT INTO messages (workspace_id, conversation_id, seq, author_type, author_id, author_name, body) VALUES ($1, $2, 1, 'operator', $3, 'Anna', 'far away') RETURNING id`,
      [ws.id, foreignConv.id, annaId],
    );
    expect(code(await t.graphql(EDIT, { i: { messageId: foreign.id, body: 'x' } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(EDIT, { i: { messageId: foreign.id, body: 'x' } }, admin))).toBe('NOT_FOUND');

    // the text follows the sending rules; the id must be a message's
    const mineNow = (await t.graphql(SEND, { i: { conversationId, clientId: 'me-r3', body: 'Mine, last' } }, anna)).data?.['sendMessage'].id;
    expect(code(await t.graphql(EDIT, { i: { messageId: mineNow, body: '' } }, anna))).toBe('EMPTY_MESSAGE');
    expect(code(await t.graphql(EDIT, { i: { messageId: mineNow, body: '  \n\t ' } }, anna))).toBe('EMPTY_MESSAGE');
    const tooLong = await t.graphql(EDIT, { i: { messageId: mineNow, body: 'y'.repeat(MAX_MESSAGE_LENGTH + 1) } }, anna);
    expect(code(tooLong)).toBe('MESSAGE_TOO_LONG');
    expect(tooLong.errors?.[0].message).toContain(String(MAX_MESSAGE_LENGTH));
    expect(code(await t.graphql(EDIT, { i: { messageId: '00000000-0000-4000-8000-000000000000', body: 'x' } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(EDIT, { i: { messageId: 'not-an-id', body: 'x' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(EDIT, { i: { messageId: mineNow, body: 42 } }, anna))).toBe('BAD_USER_INPUT');
    // an older message of hers is no longer the last one
    expect(code(await t.graphql(EDIT, { i: { messageId: mine, body: 'again' } }, anna))).toBe('EDIT_NOT_ALLOWED');
    // signed out
    expect(code(await t.graphql(EDIT, { i: { messageId: mineNow, body: 'x' } }))).toBe('UNAUTHENTICATED');

    const rows = await t.db.query(`SELECT body FROM messages WHERE conversation_id = $1 AND edited_at IS NOT NULL`, [conversationId]);
    expect(rows).toEqual([]);
    const [far] = await t.db.query(`SELECT body, edited_at FROM messages WHERE id = $1`, [foreign.id]);
    expect(far).toEqual({ body: 'far away', edited_at: null });
    v.close();
  });

  it('refuses once the chat went to another agent, after 15 minutes, in a deleted chat and outside web chat', async () => {
    // transferred: Anna may no longer write in it, so not edit either
    const a = await annasConversation();
    const boris = await t.login('boris@demo.test');
    const borisId = (await t.graphql(ME, {}, boris)).data?.['me'].id;
    const before = (await t.graphql(SEND, { i: { conversationId: a.conversationId, clientId: 'me-t1', body: 'Handing over' } }, a.anna)).data?.['sendMessage'].id;
    expect((await t.graphql(TRANSFER, { i: { conversationId: a.conversationId, operatorId: borisId } }, a.anna)).errors).toBeUndefined();
    expect(code(await t.graphql(EDIT, { i: { messageId: before, body: 'x' } }, a.anna))).toBe('FORBIDDEN');

    // too old
    const b = await annasConversation();
    const old = (await t.graphql(SEND, { i: { conversationId: b.conversationId, clientId: 'me-o1', body: 'A while ago' } }, b.anna)).data?.['sendMessage'].id;
    await t.db.query(`UPDATE messages SET created_at = now() - interval '16 minutes' WHERE id = $1`, [old]);
    const late = await t.graphql(EDIT, { i: { messageId: old, body: 'x' } }, b.anna);
    expect(code(late)).toBe('EDIT_NOT_ALLOWED');
    expect(late.errors?.[0].message).toMatch(/15 minutes/);

    // the conversation was deleted from the history (waiting for its purge)
    const c = await annasConversation();
    const gone = (await t.graphql(SEND, { i: { conversationId: c.conversationId, clientId: 'me-d1', body: 'Soon gone' } }, c.anna)).data?.['sendMessage'].id;
    const admin = await t.login('admin@demo.test');
    expect((await t.graphql(DELETE, { i: { conversationIds: [c.conversationId] } }, admin)).errors).toBeUndefined();
    expect(code(await t.graphql(EDIT, { i: { messageId: gone, body: 'x' } }, c.anna))).toBe('NOT_FOUND');

    // an e-mail conversation: the reply has left already, an edit would not reach the reader
    const d = await annasConversation();
    const mailed = (await t.graphql(SEND, { i: { conversationId: d.conversationId, clientId: 'me-e1', body: 'By mail' } }, d.anna)).data?.['sendMessage'].id;
    const [mail] = await t.db.query(
      `INSERT INTO channels (workspace_id, type, name, public_key, settings) SELECT workspace_id, 'email', 'Mail', $2, '{}' FROM conversations WHERE id = $1 RETURNING id`,
      [d.conversationId, `mail-${Date.now()}`],
    );
    await t.db.query(`UPDATE conversations SET channel_id = $2 WHERE id = $1`, [d.conversationId, mail.id]);
    const byMail = await t.graphql(EDIT, { i: { messageId: mailed, body: 'x' } }, d.anna);
    expect(code(byMail)).toBe('EDIT_NOT_ALLOWED');
    expect(byMail.errors?.[0].message).toMatch(/cannot be edited: this one has reached the client by e-mail/);

    const edited = await t.db.query(`SELECT id FROM messages WHERE id = ANY($1::uuid[]) AND edited_at IS NOT NULL`, [[before, old, gone, mailed]]);
    expect(edited).toEqual([]);
    for (const x of [a, b, c, d]) x.v.close();
  });
});
