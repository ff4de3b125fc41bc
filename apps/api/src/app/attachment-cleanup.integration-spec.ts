import { uploadBucketKey } from '@parley/api/channels/webchat';
import {
  ATTACHMENT_CLEANUP_BATCH,
  ATTACHMENT_CLEANUP_MAX_BATCHES,
  AttachmentCleanupService,
  AttachmentsService,
  CLEAN_UP_ATTACHMENTS_JOB,
  PURGE_DELETED_CONVERSATIONS_JOB,
} from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName } from '@parley/api/platform/queue';
import { RedisSharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { VISITOR_TOKEN_HEADER, VISITOR_UPLOAD_BURST, VISITOR_UPLOADS_PER_MINUTE } from '@parley/shared/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TestApp } from '../testing/test-app';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000030000000208060000009e5ee8260000001349444154789c63f8cfc0f01f0418606a0000e5be0bf597ac81a40000000049454e44ae426082',
  'hex',
);
const DELETE = `mutation($i: DeleteConversationsInput!) { deleteConversations(input: $i) { deletedIds } }`;
const DAY = 86_400_000;

describe('uploaded file cleanup and the shared upload limit (SPEC A9, integration)', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    t = await TestApp.start();
    root = t.app.get(AttachmentsService).root;
  });
  afterAll(async () => t?.stop());

  const upload = async (token: string, bytes = PNG) => {
    const res = await fetch(`${t.url}/api/visitor/attachments?name=photo.png`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [VISITOR_TOKEN_HEADER]: token },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: await res.json() };
  };
  const row = async (id: string) => (await t.db.query(`SELECT storage_key, message_id FROM attachments WHERE id = $1`, [id]))[0] as { storage_key: string; message_id: string | null } | undefined;
  const onDisk = (key: string) => fs.existsSync(path.join(root, key));
  const runJob = async (name: string, data: Record<string, unknown> = {}) => {
    await t.queue().add(QueueName.maintenance, name, data, { jobId: `${name}-test-${randomUUID()}` });
    await t.queue().idle(20_000);
  };

  it('removes uploads never sent (after 24 h) and the files of purged conversations; attached and recent files stay', async () => {
    const admin = await t.login('admin@demo.test');
    const { v, welcome, conversationId } = await t.visitorWithConversation('Hello with files');
    const token = welcome.visitorToken as string;
    const old = (await upload(token)).body.attachment.id as string;
    const sent = (await upload(token)).body.attachment.id as string;
    const recent = (await upload(token)).body.attachment.id as string;
    const clientId = randomBytes(8).toString('hex');
    v.sendFrame({ type: 'send', clientId, body: 'see attached', attachmentIds: [sent] });
    expect((await v.ack(clientId)).type).toBe('ack');
    v.close();
    // both the unsent and the sent upload are two days old; only the unsent one is garbage
    await t.db.query(`UPDATE attachments SET created_at = now() - interval '2 days' WHERE id = ANY($1::uuid[])`, [[old, sent]]);

    // a second conversation with a sent file is deleted (history deletion), later purged
    const other = await t.visitorWithConversation('Delete me');
    const doomed = (await upload(other.welcome.visitorToken)).body.attachment.id as string;
    const c2 = randomBytes(8).toString('hex');
    other.v.sendFrame({ type: 'send', clientId: c2, body: '', attachmentIds: [doomed] });
    expect((await other.v.ack(c2)).type).toBe('ack');
    other.v.close();
    expect((await t.graphql(DELETE, { i: { conversationIds: [other.conversationId] } }, admin)).errors).toBeUndefined();

    const keys = { old: (await row(old))!.storage_key, sent: (await row(sent))!.storage_key, recent: (await row(recent))!.storage_key, doomed: (await row(doomed))!.storage_key };
    expect(Object.values(keys).every(onDisk)).toBe(true);

    // soft-deleted only: its file is kept (the retention period lets an admin's mistake be seen)
    await runJob(CLEAN_UP_ATTACHMENTS_JOB);
    expect(await row(old)).toBeUndefined();
    expect(onDisk(keys.old)).toBe(false);
    expect(await row(sent)).toMatchObject({ message_id: expect.any(String) });
    expect(onDisk(keys.sent)).toBe(true);
    expect(await row(recent)).toMatchObject({ message_id: null });
    expect(onDisk(keys.recent)).toBe(true);
    expect(onDisk(keys.doomed)).toBe(true);

    // the purge after HISTORY_RETENTION_DAYS takes the conversation and (by cascade) its attachment rows; the cleanup their files
    await runJob(PURGE_DELETED_CONVERSATIONS_JOB, { now: new Date(Date.now() + 400 * DAY).toISOString() });
    expect(await row(doomed)).toBeUndefined();
    expect(onDisk(keys.doomed)).toBe(true);
    await runJob(CLEAN_UP_ATTACHMENTS_JOB);
    expect(onDisk(keys.doomed)).toBe(false);
    expect(await t.db.query(`SELECT storage_key FROM attachment_file_deletions`)).toEqual([]);
    // what is in use is untouched, and its download still works
    expect(onDisk(keys.sent)).toBe(true);
    expect(onDisk(keys.recent)).toBe(true);
    expect(await t.db.query(`SELECT 1 FROM conversations WHERE id = $1`, [conversationId])).toHaveLength(1);
  });

  it('works in batches: one run handles at most its limit, the next run the rest; a missing file is no error', async () => {
    const [{ workspace_id }] = await t.db.query(`SELECT workspace_id FROM channels WHERE public_key = 'demo-webchat'`);
    const limit = ATTACHMENT_CLEANUP_BATCH * ATTACHMENT_CLEANUP_MAX_BATCHES;
    const total = limit + 7;
    const keys = Array.from({ length: total }, () => `${workspace_id}/${randomUUID()}`);
    fs.mkdirSync(path.join(root, workspace_id), { recursive: true });
    // the last file is already gone from disk (removed by hand): its row is still cleaned up
    keys.slice(0, -1).forEach((k) => fs.writeFileSync(path.join(root, k), PNG));
    await t.db.query(
      `INSERT INTO attachments (workspace_id, uploader_type, uploader_id, name, mime, size, storage_key, sha256, created_at)
       SELECT $1, 'visitor', gen_random_uuid(), 'x.png', 'image/png', 10, k, 'x', now() - interval '3 days' FROM unnest($2::text[]) AS k`,
      [workspace_id, keys],
    );
    // the missing one is the newest, so it falls in the second run
    await t.db.query(`UPDATE attachments SET created_at = now() - interval '2 days' WHERE storage_key = $1`, [keys[total - 1]]);
    const cleanup = t.app.get(AttachmentCleanupService);
    const first = await cleanup.run();
    expect(first.unsent).toBe(limit);
    expect(first.files).toBe(limit);
    expect(keys.filter((k) => fs.existsSync(path.join(root, k)))).toHaveLength(total - limit - 1);
    const second = await cleanup.run();
    expect(second).toEqual({ unsent: 7, files: 7, failed: 0 });
    expect(keys.filter((k) => fs.existsSync(path.join(root, k)))).toHaveLength(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM attachments WHERE storage_key = ANY($1::text[])`, [keys]);
    expect(n).toBe(0);
  });

  it('the per-visitor upload limit is one bucket for every API process (Redis) — or per process without REDIS_URL', async () => {
    const { v, welcome } = await t.visitorWithConversation('Limits');
    const token = welcome.visitorToken as string;
    const codes: number[] = [];
    for (let i = 0; i < VISITOR_UPLOAD_BURST + 1; i++) codes.push((await upload(token)).status);
    expect(codes).toEqual([...Array(VISITOR_UPLOAD_BURST).fill(201), 429]);
    const limited = await upload(token);
    expect(limited.body.code).toBe('RATE_LIMITED');
    const shared = t.app.get<SharedState>(SHARED_STATE);
    const [{ id: visitorId }] = await t.db.query(`SELECT id FROM visitors ORDER BY created_at DESC LIMIT 1`);
    if (process.env['REDIS_URL']) {
      expect(shared.kind).toBe('redis');
      // another API process on the same Redis finds the same visitor's bucket empty
      const replica = new RedisSharedState(process.env['REDIS_URL'], `${t.app.get(AppConfig).redisPrefix}:`);
      try {
        expect(await replica.take(uploadBucketKey(visitorId), VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST)).toBe(false);
        expect(await replica.take(uploadBucketKey(randomUUID()), VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST)).toBe(true);
      } finally {
        await replica.close();
      }
    } else {
      expect(shared.kind).toBe('memory');
      expect(await shared.take(uploadBucketKey(visitorId), VISITOR_UPLOADS_PER_MINUTE / 60, VISITOR_UPLOAD_BURST)).toBe(false);
    }
    v.close();
  });
});
