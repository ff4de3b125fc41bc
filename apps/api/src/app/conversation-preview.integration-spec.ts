import { TestApp } from '../testing/test-app';

const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body } }`;
const EDIT = `mutation($i: EditMessageInput!) { editMessage(input: $i) { id seq body } }`;
const TEAM = `query { teammates { id displayName } }`;
const TRANSFER = `mutation($i: TransferConversationInput!) { transferConversation(input: $i) { id } }`;
const INVITE = `mutation($i: InviteToConversationInput!) { inviteToConversation(input: $i) { id } }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id lastSeq lastMessagePreview } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id, last: 50) { nodes { seq body authorType } } }`;
let n = 0;
const cid = () => `p-${Date.now()}-${++n}`;

/** Issue #17: the inbox preview is the last customer or operator message, never a "took over" line. */
describe('conversation list preview (integration)', () => {
  let t: TestApp;
  let anna: string, boris: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    [anna, boris] = await Promise.all(['anna', 'boris'].map((x) => t.login(`${x}@demo.test`)));
    const team = (await t.graphql(TEAM, {}, anna)).data?.['teammates'] as Array<{ id: string; displayName: string }>;
    for (const op of team) ids[op.displayName.split(' ')[0].toLowerCase()] = op.id;
  });
  afterAll(async () => t?.stop());

  const preview = async (id: string, token: string) => (await t.graphql(CONVERSATION, { id }, token)).data?.['conversation'];

  it('keeps the last customer or operator message as the preview after transfer and invite lines; an edit of it moves the preview', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Where is my order #123?');
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    expect((await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['boris'] } }, anna)).errors).toBeUndefined();
    const transferred = await preview(conversationId, boris);
    expect(transferred.lastMessagePreview).toBe('Where is my order #123?');

    const sent = await t.graphql(SEND, { i: { conversationId, clientId: cid(), body: 'It ships tomorrow.' } }, boris);
    expect(sent.errors).toBeUndefined();
    expect((await preview(conversationId, boris)).lastMessagePreview).toBe('It ships tomorrow.');

    expect((await t.graphql(INVITE, { i: { conversationId, operatorId: ids['anna'] } }, boris)).errors).toBeUndefined();
    // the event lines are in the thread, after the real messages …
    const messages = (await t.graphql(MESSAGES, { id: conversationId }, boris)).data?.['messages'].nodes as Array<{ seq: number; body: string; authorType: string }>;
    expect(messages.some((m) => m.authorType === 'system' && m.body.includes('Boris Petrov took over'))).toBe(true);
    expect(messages[messages.length - 1]).toMatchObject({ authorType: 'system', body: expect.stringContaining('Anna Nowak joined') });
    // … but the preview is the operator's last message
    const invited = await preview(conversationId, boris);
    expect(invited.lastSeq).toBe(messages[messages.length - 1].seq);
    expect(invited.lastMessagePreview).toBe('It ships tomorrow.');

    // editing that message (an event line follows it) updates the preview too
    const edited = await t.graphql(EDIT, { i: { messageId: sent.data?.['sendMessage'].id, body: 'It ships on Monday.' } }, boris);
    expect(edited.errors).toBeUndefined();
    expect((await preview(conversationId, boris)).lastMessagePreview).toBe('It ships on Monday.');
    v.close();
  });
});
