import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode, MAX_ATTACHMENT_BYTES } from '@parley/shared/contracts';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Bytes kept in memory from the start of an upload: enough to detect the type and read image sizes. */
export const HEAD_BYTES = 64 * 1024;

export interface ReceivedFile {
  tmpPath: string;
  size: number;
  sha256: string;
  head: Buffer;
}

export const tooLarge = () =>
  new DomainException(ErrorCode.FileTooLarge, `The file is larger than ${Math.round(MAX_ATTACHMENT_BYTES / 1024 / 1024)} MB`, { maxBytes: MAX_ATTACHMENT_BYTES });

/**
 * Streams an upload to a temporary file under `<root>/tmp` while hashing it, keeping only its
 * first HEAD_BYTES in memory. Stops writing (and rejects with FILE_TOO_LARGE) as soon as more than
 * `maxBytes` arrived; the caller answers and closes the connection. Never buffers the whole file.
 */
export function receiveUpload(input: Readable, root: string, maxBytes = MAX_ATTACHMENT_BYTES): Promise<ReceivedFile> {
  const tmpDir = path.join(root, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${randomUUID()}.part`);
  const out = fs.createWriteStream(tmpPath, { flags: 'wx' });
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let settled = false;
  return new Promise<ReceivedFile>((resolve, reject) => {
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      input.removeListener('data', onData);
      input.resume(); // discard the rest; the answer closes the connection
      out.destroy();
      fs.rm(tmpPath, { force: true }, () => undefined);
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge());
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headLength);
        headParts.push(Buffer.from(part));
        headLength += part.length;
      }
      if (!out.write(chunk)) {
        input.pause();
        out.once('drain', () => input.resume());
      }
    };
    input.on('data', onData);
    input.once('end', () => {
      if (settled) return;
      out.end(() => {
        if (settled) return;
        settled = true;
        resolve({ tmpPath, size, sha256: hash.digest('hex'), head: Buffer.concat(headParts) });
      });
    });
    input.once('aborted', () => fail(new DomainException(ErrorCode.BadUserInput, 'The upload was interrupted')));
    input.once('error', (e) => fail(e));
    out.once('error', (e) => fail(e));
  });
}

/** Where a stored file lives; refuses keys that would leave the root (they are never user input, but still). */
export function storagePath(root: string, key: string): string {
  const full = path.resolve(root, key);
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new DomainException(ErrorCode.NotFound, 'Attachment not found');
  return full;
}

/** Where a stored attachment's file is on this server (a channel adapter uploading it to its provider), or undefined when it is gone. */
export async function storagePathOf(db: { query: (sql: string, params: unknown[]) => Promise<Array<{ storage_key: string }>> }, root: string, attachmentId: string): Promise<string | undefined> {
  const [row] = await db.query(`SELECT storage_key FROM attachments WHERE id = $1`, [attachmentId]);
  return row ? storagePath(root, row.storage_key) : undefined;
}
