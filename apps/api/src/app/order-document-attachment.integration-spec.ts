import { ORDER_DOCUMENT_MIME, renderOrderDocument } from '@parley/api/commerce';
import { GeneratedAttachmentsService } from '@parley/api/conversations';
import { AuthUser, TokenService } from '@parley/api/platform/auth';
import { DomainException } from '@parley/api/platform/graphql';
import { randomUUID } from 'node:crypto';
import { TestApp } from '../testing/test-app';

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id body attachments { id name mime size url } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;

const invoice = () =>
  renderOrderDocument({
    kind: 'invoice',
    locale: 'pl',
    currency: 'PLN',
    shop: { name: 'Sklep Demo', addressLines: ['ul. Świętokrzyska 12'] },
    order: { number: '42', createdAt: '2026-12-07T10:15:00Z', statusName: 'Nowe' },
    customer: { name: 'דוד כהן', phone: '+972 50 123 4567' },
    items: [
      { sku: 'KET-01', name: 'Чайник электрический', quantity: '2', unitPrice: '1234.50', lineTotal: '2469.00' },
      { sku: 'PL-02', name: 'Zażółć gęślą jaźń', quantity: '1', unitPrice: '10.00', lineTotal: '10.00' },
    ],
    totals: { goods: '2479.00', total: '2479.00', paid: '0', amountDue: '2479.00' },
  });

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainException);
    return (e as DomainException).code;
  }
  throw new Error('expected a refusal');
}

/** Commerce's GeneratedAttachmentStore port as the conversations domain implements it: an order's PDF becomes the agent's pending attachment. */
describe('order document as a composer attachment (issue #12, integration)', () => {
  let t: TestApp;
  let store: GeneratedAttachmentsService;
  const userOf = (token: string): AuthUser => t.app.get(TokenService).verifyAccessToken(token);
  beforeAll(async () => {
    t = await TestApp.start();
    store = t.app.get(GeneratedAttachmentsService);
  });
  afterAll(async () => t?.stop());

  it('stores the rendered PDF as the agent’s upload; sending claims it and the visitor downloads the same bytes', async () => {
    const { v, conversationId } = await t.visitorWithConversation();
    const anna = await t.login('anna@demo.test');
    await t.graphql(TAKE, { i: { conversationId } }, anna);
    const pdf = await invoice();

    const att = await store.storeGenerated(userOf(anna), conversationId, 'Faktura 42.pdf', ORDER_DOCUMENT_MIME, pdf);
    expect(att).toMatchObject({ name: 'Faktura 42.pdf', mime: 'application/pdf', size: pdf.length });
    // the composer's preview link works before sending
    const preview = await fetch(`${t.url}${att.url}`);
    expect(preview.status).toBe(200);
    expect(Buffer.from(await preview.arrayBuffer()).equals(pdf)).toBe(true);
    const [row] = await t.db.query(`SELECT workspace_id, conversation_id, uploader_type, message_id FROM attachments WHERE id = $1`, [att.id]);
    expect(row).toMatchObject({ conversation_id: conversationId, uploader_type: 'operator', message_id: null });

    // the agent adds text and sends
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'invoice-42', body: 'Your invoice', attachmentIds: [att.id] } }, anna);
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.['sendMessage'].attachments[0]).toMatchObject({ id: att.id, name: 'Faktura 42.pdf', mime: 'application/pdf' });
    const frame = await v.waitFor((f) => f.type === 'message' && f.message.body === 'Your invoice');
    const download = await fetch(`${t.url}${frame.message.attachments[0].url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.equals(pdf)).toBe(true);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    v.close();
  });

  it('refuses like an upload: an observer, another agent’s conversation, an unknown one, bytes that are not the type named', async () => {
    const { v, conversationId } = await t.visitorWithConversation();
    const [anna, boris, olga] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test'), t.login('olga@demo.test')]);
    await t.graphql(TAKE, { i: { conversationId } }, anna);
    const pdf = await invoice();
    expect(await refusal(store.storeGenerated(userOf(olga), conversationId, 'x.pdf', ORDER_DOCUMENT_MIME, pdf))).toBe('FORBIDDEN');
    expect(await refusal(store.storeGenerated(userOf(boris), conversationId, 'x.pdf', ORDER_DOCUMENT_MIME, pdf))).toBe('FORBIDDEN');
    expect(await refusal(store.storeGenerated(userOf(anna), randomUUID(), 'x.pdf', ORDER_DOCUMENT_MIME, pdf))).toBe('NOT_FOUND');
    expect(await refusal(store.storeGenerated(userOf(anna), conversationId, 'x.pdf', ORDER_DOCUMENT_MIME, Buffer.from('<html>not a pdf</html>')))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await refusal(store.storeGenerated(userOf(anna), conversationId, 'x.png', 'image/png', pdf))).toBe('UNSUPPORTED_FILE_TYPE');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM attachments WHERE conversation_id = $1`, [conversationId]);
    expect(n).toBe(0);
    v.close();
  });
});
