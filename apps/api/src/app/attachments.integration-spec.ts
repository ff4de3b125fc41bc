import { MAX_ATTACHMENT_BYTES, VISITOR_TOKEN_HEADER } from '@parley/shared/contracts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { TestApp } from '../testing/test-app';

/** A real 3×2 PNG (signature, IHDR, IDAT, IEND). */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000030000000208060000009e5ee8260000001349444154789c63f8cfc0f01f0418606a0000e5be0bf597ac81a40000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body attachments { id name mime size url width height } } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { seq body attachments { id name mime size url width height } } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;

interface UploadAnswer {
  status: number;
  body: any;
}

describe('attachments (SPEC A9, integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());

  const visitorUpload = async (token: string | undefined, bytes: Buffer, name = 'photo.png'): Promise<UploadAnswer> => {
    const res = await fetch(`${t.url}/api/visitor/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(token ? { [VISITOR_TOKEN_HEADER]: token } : {}) },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: await res.json() };
  };
  const operatorUpload = async (token: string, conversationId: string, bytes: Buffer, name = 'offer.pdf'): Promise<UploadAnswer> => {
    const res = await fetch(`${t.url}/api/attachments?conversationId=${conversationId}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: await res.json() };
  };
  const sendWithFiles = (v: any, attachmentIds: unknown, body = '') => {
    const clientId = randomBytes(8).toString('hex');
    v.sendFrame({ type: 'send', clientId, body, attachmentIds });
    return v.ack(clientId);
  };

  it('a visitor sends an image: stored by content type, carried by the message, replayed with a working link', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation();
    const up = await visitorUpload(welcome.visitorToken, PNG, 'holiday photo.png');
    expect(up.status).toBe(201);
    expect(up.body.attachment).toMatchObject({ name: 'holiday photo.png', mime: 'image/png', size: PNG.length, width: 3, height: 2 });

    const ack = await sendWithFiles(v, [up.body.attachment.id]);
    expect(ack.type).toBe('ack');
    expect(ack.message.body).toBe('');
    const [att] = ack.message.attachments;
    expect(att).toMatchObject({ id: up.body.attachment.id, mime: 'image/png', name: 'holiday photo.png' });
    expect(att.url).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}\?sub=c%3A.+&exp=\d+&sig=/);

    const img = await fetch(`${t.url}${att.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toMatch(/^inline; filename="holiday photo.png"/);
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);

    // the operator sees it in the thread with a link of their own; the queue preview names the file
    const anna = await t.login('anna@demo.test');
    const page = await t.graphql(MESSAGES, { id: conversationId }, anna);
    const withFile = page.data?.['messages'].nodes.find((n: any) => n.attachments.length);
    expect(withFile.attachments[0]).toMatchObject({ id: att.id, mime: 'image/png', width: 3, height: 2 });
    expect(withFile.attachments[0].url).toContain('sub=o%3A');
    expect((await fetch(`${t.url}${withFile.attachments[0].url}`)).status).toBe(200);
    const conv = await t.graphql(`query($id: ID!) { conversation(id: $id) { lastMessagePreview } }`, { id: conversationId }, anna);
    expect(conv.data?.['conversation'].lastMessagePreview).toBe('📎 holiday photo.png');

    // replay after reconnect carries the attachment with a fresh link
    v.close();
    const again = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 1 });
    const replayed = await again.waitFor((f) => f.type === 'message' && f.message.seq === 2);
    expect(replayed.message.attachments[0]).toMatchObject({ id: att.id, mime: 'image/png' });
    expect((await fetch(`${t.url}${replayed.message.attachments[0].url}`)).status).toBe(200);
    again.close();
  });

  it('an operator sends a PDF: the visitor gets it live, as a download', async () => {
    const { v, conversationId } = await t.visitorWithConversation();
    const anna = await t.login('anna@demo.test');
    await t.graphql(TAKE, { i: { conversationId } }, anna);
    const up = await operatorUpload(anna, conversationId, PDF, 'Offer 2026.pdf');
    expect(up.status).toBe(201);
    expect(up.body.attachment).toMatchObject({ name: 'Offer 2026.pdf', mime: 'application/pdf', size: PDF.length });
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'op-pdf-1', body: 'Here is the offer', attachmentIds: [up.body.attachment.id] } }, anna);
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.['sendMessage'].attachments[0]).toMatchObject({ mime: 'application/pdf', name: 'Offer 2026.pdf' });

    const frame = await v.waitFor((f) => f.type === 'message' && f.message.body === 'Here is the offer');
    const pdf = await fetch(`${t.url}${frame.message.attachments[0].url}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="Offer 2026.pdf"/);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(PDF)).toBe(true);

    // the same id cannot be sent twice
    const twice = await t.graphql(SEND, { i: { conversationId, clientId: 'op-pdf-2', body: 'again', attachmentIds: [up.body.attachment.id] } }, anna);
    expect(twice.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    v.close();
  });

  it('a first message can be only a file: the upload before any conversation is claimed by the one it starts', async () => {
    const v = await t.visitor();
    const token = (await v.welcome()).visitorToken;
    const up = await visitorUpload(token, PDF, 'order.pdf');
    expect(up.status).toBe(201);
    const [row] = await t.db.query(`SELECT conversation_id FROM attachments WHERE id = $1`, [up.body.attachment.id]);
    expect(row.conversation_id).toBeNull();
    // the uploader's preview link works before the message is sent
    expect((await fetch(`${t.url}${up.body.attachment.url}`)).status).toBe(200);
    const ack = await sendWithFiles(v, [up.body.attachment.id], '   ');
    expect(ack.type).toBe('ack');
    expect(ack.message).toMatchObject({ seq: 1, body: '', attachments: [{ id: up.body.attachment.id, name: 'order.pdf', mime: 'application/pdf' }] });
    const [linked] = await t.db.query(`SELECT conversation_id, message_id FROM attachments WHERE id = $1`, [up.body.attachment.id]);
    expect(linked).toEqual({ conversation_id: ack.message.conversationId, message_id: ack.message.id });
    // an empty message without files is still refused
    const empty = await sendWithFiles(v, [], '');
    expect(empty).toMatchObject({ type: 'error', code: 'EMPTY_MESSAGE' });
    v.close();
  });

  describe('bad uploads', () => {
    let token: string;
    let v: any;
    beforeEach(async () => {
      // a fresh visitor each time, so the upload rate limit does not mix the cases
      v = await t.visitor();
      token = (await v.welcome()).visitorToken;
    });
    afterEach(() => v.close());

    it.each([
      ['an SVG image', SVG, 'drawing.svg'],
      ['an SVG renamed to .png', SVG, 'drawing.png'],
      ['HTML renamed to .png', HTML, 'cat.png'],
      ['a script renamed to .pdf', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'invoice.pdf'],
    ])('refuses %s with 415 UNSUPPORTED_FILE_TYPE and keeps nothing', async (_label, bytes, name) => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM attachments`);
      const r = await visitorUpload(token, bytes, name);
      expect(r.status).toBe(415);
      expect(r.body.code).toBe('UNSUPPORTED_FILE_TYPE');
      expect(r.body.message).toMatch(/PNG, JPEG, GIF, WebP.*PDF/);
      const after = await t.db.query(`SELECT count(*)::int AS n FROM attachments`);
      expect(after[0].n).toBe(before[0].n);
    });

    it('refuses an empty file with 400', async () => {
      const r = await visitorUpload(token, Buffer.alloc(0));
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/empty/);
    });

    it('refuses a file over the limit with 413, also when it does not say its length up front', async () => {
      // declared too large: refused before reading
      const declared = await fetch(`${t.url}/api/visitor/attachments?name=big.png`, {
        method: 'POST',
        headers: { [VISITOR_TOKEN_HEADER]: token, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES)])),
      }).catch((e) => e);
      if (!(declared instanceof Error)) expect(declared.status).toBe(413);

      // chunked, no Content-Length: the stream is cut at the limit and the temporary file removed
      const tmpDir = path.join(t.config.dataDir, 'files', 'tmp');
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${t.url}/api/visitor/attachments?name=big.png`, { method: 'POST', headers: { [VISITOR_TOKEN_HEADER]: token, 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode as number);
        });
        req.on('error', reject);
        const chunk = Buffer.alloc(256 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent <= MAX_ATTACHMENT_BYTES + chunk.length * 4) {
            sent += chunk.length;
            if (!req.write(sent === chunk.length ? Buffer.concat([PNG, chunk]) : chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(status).toBe(413);
      await new Promise((r) => setTimeout(r, 200));
      const leftovers = fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir) : [];
      expect(leftovers).toEqual([]);
    });

    it('refuses a missing or forged visitor token with 401', async () => {
      expect((await visitorUpload(undefined, PNG)).status).toBe(401);
      expect((await visitorUpload('not-a-token', PNG)).status).toBe(401);
      const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const r = await visitorUpload(forged, PNG);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('UNAUTHENTICATED');
    });

    it('limits uploads per visitor (429 after the burst)', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await visitorUpload(token, PNG)).status);
      expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(codes.slice(5)).toEqual([429, 429]);
    });

    it('sanitizes path traversal and control characters in names; storage keys never come from names', async () => {
      const cases: Array<[string, Buffer, string]> = [
        ['../../../etc/passwd.png', PNG, 'passwd.png'],
        ['..\\..\\windows\\win.ini', PNG, 'win.png'],
        ['.htaccess', PDF, 'htaccess.pdf'],
        ['invoice\u202Egpj.pdf', PNG, 'invoicegpj.png'],
      ];
      for (const [name, bytes, expected] of cases) {
        const r = await visitorUpload(token, bytes, name);
        expect(r.status).toBe(201);
        expect(r.body.attachment.name).toBe(expected);
        const [row] = await t.db.query(`SELECT storage_key FROM attachments WHERE id = $1`, [r.body.attachment.id]);
        expect(row.storage_key).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
      }
      // a traversal attempt in the download path is just an unknown id
      expect((await fetch(`${t.url}/api/attachments/..%2F..%2Fjwt-secret`)).status).toBeGreaterThanOrEqual(400);
    });
  });

  describe('who may use an attachment', () => {
    it("refuses another visitor's attachment id, bad ids and too many files; nothing is stored", async () => {
      const a = await t.visitorWithConversation();
      const b = await t.visitorWithConversation();
      const theirs = await visitorUpload(b.welcome.visitorToken, PNG);
      const r = await sendWithFiles(a.v, [theirs.body.attachment.id]);
      expect(r).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
      const bad = await sendWithFiles(a.v, ['../../etc/passwd']);
      expect(bad).toMatchObject({ type: 'error', code: 'BAD_USER_INPUT' });
      const many = await sendWithFiles(a.v, Array.from({ length: 6 }, () => crypto.randomUUID()));
      expect(many).toMatchObject({ type: 'error', code: 'BAD_USER_INPUT' });
      const [conv] = await t.db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [a.conversationId]);
      expect(conv.last_seq).toBe(1);
      // a visitor's upload is not the operator's either
      const anna = await t.login('anna@demo.test');
      await t.graphql(TAKE, { i: { conversationId: b.conversationId } }, anna);
      const op = await t.graphql(SEND, { i: { conversationId: b.conversationId, clientId: 'steal-1', body: 'x', attachmentIds: [theirs.body.attachment.id] } }, anna);
      expect(op.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      // the owner can still send it
      expect((await sendWithFiles(b.v, [theirs.body.attachment.id], 'mine')).type).toBe('ack');
      a.v.close();
      b.v.close();
    });

    it('one file sent twice at once (same batch or not) goes with exactly one message', async () => {
      const { v, welcome, conversationId } = await t.visitorWithConversation();
      const up = await visitorUpload(welcome.visitorToken, PNG);
      const ids = ['dup-a', 'dup-b'];
      for (const clientId of ids) v.sendFrame({ type: 'send', clientId, body: clientId, attachmentIds: [up.body.attachment.id] });
      const answers = await Promise.all(ids.map((id) => v.ack(id)));
      expect(answers.map((a) => a.type).sort()).toEqual(['ack', 'error']);
      expect(answers.find((a) => a.type === 'error')).toMatchObject({ code: 'NOT_FOUND' });
      const [conv] = await t.db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [conversationId]);
      expect(conv.last_seq).toBe(2);
      const withFile = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND attachments IS NOT NULL`, [conversationId]);
      expect(withFile[0].n).toBe(1);
      v.close();
    });

    it('an operator cannot attach a file uploaded to another conversation', async () => {
      const one = await t.visitorWithConversation();
      const two = await t.visitorWithConversation();
      const anna = await t.login('anna@demo.test');
      await t.graphql(TAKE, { i: { conversationId: one.conversationId } }, anna);
      await t.graphql(TAKE, { i: { conversationId: two.conversationId } }, anna);
      const up = await operatorUpload(anna, one.conversationId, PDF);
      const r = await t.graphql(SEND, { i: { conversationId: two.conversationId, clientId: 'cross-1', body: 'x', attachmentIds: [up.body.attachment.id] } }, anna);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      one.v.close();
      two.v.close();
    });

    it('downloads: an agent without visibility, tampered or missing links and observers uploading are refused', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const [anna, boris, olga] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test'), t.login('olga@demo.test')]);
      await t.graphql(TAKE, { i: { conversationId } }, anna);
      const up = await operatorUpload(anna, conversationId, PDF);
      await t.graphql(SEND, { i: { conversationId, clientId: 'vis-1', body: 'file', attachmentIds: [up.body.attachment.id] } }, anna);
      const id = up.body.attachment.id;

      const asBoris = await fetch(`${t.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${boris}` } });
      expect(asBoris.status).toBe(403);
      expect(await asBoris.json()).toMatchObject({ code: 'FORBIDDEN' });
      // boris cannot read the thread, so he has no link; a link made for anna still checks her right
      expect((await fetch(`${t.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${anna}` } })).status).toBe(200);
      expect((await fetch(`${t.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${olga}` } })).status).toBe(200);

      expect((await fetch(`${t.url}/api/attachments/${id}`)).status).toBe(401);
      const link = new URL(`${t.url}${up.body.attachment.url}`);
      expect((await fetch(link)).status).toBe(200);
      const tampered = new URL(link);
      tampered.searchParams.set('sub', `o:${crypto.randomUUID()}`);
      expect((await fetch(tampered)).status).toBe(403);
      const expired = new URL(link);
      expired.searchParams.set('exp', '1000');
      expect((await fetch(expired)).status).toBe(403);
      // a link for one attachment does not open another
      const other = await operatorUpload(anna, conversationId, PNG, 'x.png');
      const swapped = new URL(`${t.url}/api/attachments/${other.body.attachment.id}${link.search}`);
      expect((await fetch(swapped)).status).toBe(403);

      // observers read but do not send; agents cannot upload to a chat another agent has
      expect((await operatorUpload(olga, conversationId, PDF)).status).toBe(403);
      expect((await operatorUpload(boris, conversationId, PDF)).status).toBe(403);
      expect((await operatorUpload('forged', conversationId, PDF)).status).toBe(401);
      expect((await operatorUpload(anna, 'not-a-uuid', PDF)).status).toBe(400);
      v.close();
    });

    it('a deactivated operator (token still unexpired) can neither upload nor download, nor use a link made earlier', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const boris = await t.login('boris@demo.test');
      await t.graphql(TAKE, { i: { conversationId } }, boris);
      const up = await operatorUpload(boris, conversationId, PDF);
      expect(up.status).toBe(201);
      await t.db.query(`UPDATE operators SET active = false WHERE email = 'boris@demo.test'`);
      try {
        const again = await operatorUpload(boris, conversationId, PDF);
        expect(again.status).toBe(401);
        expect(again.body.message).toMatch(/deactivated/);
        expect((await fetch(`${t.url}/api/attachments/${up.body.attachment.id}`, { headers: { authorization: `Bearer ${boris}` } })).status).toBe(401);
        expect((await fetch(`${t.url}${up.body.attachment.url}`)).status).toBe(403);
      } finally {
        await t.db.query(`UPDATE operators SET active = true WHERE email = 'boris@demo.test'`);
      }
      v.close();
    });
  });
});
