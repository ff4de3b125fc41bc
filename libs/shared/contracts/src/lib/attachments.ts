/**
 * File and image attachments (SPEC A9), shared by the API (enforced), the operator app and the
 * widget (checked early, so a wrong file is refused before it is uploaded).
 *
 * Upload: `POST` the raw file bytes (no multipart) to ATTACHMENT_UPLOAD_PATH as an operator
 * (`Authorization: Bearer …`, `?conversationId=…&name=…`) or to VISITOR_ATTACHMENT_UPLOAD_PATH as
 * a visitor (the visitor token in the VISITOR_TOKEN_HEADER header, never in the URL; `?name=…`).
 * The answer is `{ attachment: ChatAttachment }` (201) or `{ code, message }` with 400 (empty,
 * bad name), 401, 403, 404, 413 FILE_TOO_LARGE, 415 UNSUPPORTED_FILE_TYPE or 429 RATE_LIMITED.
 * The type is decided by the file's first bytes; the declared type and the name are ignored.
 * Then send a message with `attachmentIds` (SendFrame / sendMessage).
 */

/** Largest file accepted, in bytes. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Attachments one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
/** Uploads one visitor may start per minute on average, and the burst they may use. */
export const VISITOR_UPLOADS_PER_MINUTE = 10;
export const VISITOR_UPLOAD_BURST = 5;
/** Longest stored file name (characters, after sanitizing). */
export const MAX_ATTACHMENT_NAME_LENGTH = 120;

export const ATTACHMENT_UPLOAD_PATH = '/api/attachments';
export const VISITOR_ATTACHMENT_UPLOAD_PATH = '/api/visitor/attachments';
export const VISITOR_TOKEN_HEADER = 'x-parley-visitor-token';

export type AttachmentMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';
export const ATTACHMENT_MIME_TYPES: readonly AttachmentMime[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
/** For file pickers (`accept`): a hint only, the server decides by content. */
export const ATTACHMENT_ACCEPT = '.png,.jpg,.jpeg,.gif,.webp,.pdf,image/png,image/jpeg,image/gif,image/webp,application/pdf';

/** One attachment of a message as every client sees it. `url` is short-lived and made for its reader. */
export interface ChatAttachment {
  id: string;
  name: string;
  mime: AttachmentMime;
  size: number;
  url: string;
  width?: number | null;
  height?: number | null;
}

export const isImageMime = (mime: string): boolean => mime.startsWith('image/');

const EXTENSIONS: Record<AttachmentMime, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
export const extensionOf = (mime: AttachmentMime): string => EXTENSIONS[mime];

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/**
 * The file's type from its first bytes (at least 12 are needed), or null when it is not one we
 * accept. SVG, HTML, scripts and everything else are null whatever their name says.
 */
export function detectFileType(b: Uint8Array): AttachmentMime | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(b, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** Pixel size read from an image's header bytes (the first 64 KB are plenty for all but odd JPEGs). */
export function imageDimensions(b: Uint8Array, mime: AttachmentMime): { width: number; height: number } | null {
  const u16be = (i: number) => (b[i] << 8) | b[i + 1];
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  const u24le = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
  const u32be = (i: number) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
  const ok = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  switch (mime) {
    case 'image/png':
      return b.length >= 24 ? ok(u32be(16), u32be(20)) : null;
    case 'image/gif':
      return b.length >= 10 ? ok(u16le(6), u16le(8)) : null;
    case 'image/webp': {
      if (b.length < 30) return null;
      const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
      if (chunk === 'VP8X') return ok(u24le(24) + 1, u24le(27) + 1);
      if (chunk === 'VP8 ') return ok(u16le(26) & 0x3fff, u16le(28) & 0x3fff);
      if (chunk === 'VP8L' && b.length >= 25) {
        const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
        return ok((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
      }
      return null;
    }
    case 'image/jpeg': {
      let i = 2;
      while (i + 9 < b.length) {
        if (b[i] !== 0xff) return null;
        const marker = b[i + 1];
        if (marker === 0xff) {
          i++;
          continue;
        }
        const len = u16be(i + 2);
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return ok(u16be(i + 7), u16be(i + 5));
        i += 2 + len;
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * A file name safe to store and to show: no directories (`../`, `C:\`), no control or bidi
 * characters, no leading dots, at most MAX_ATTACHMENT_NAME_LENGTH characters, and the extension
 * of the detected type (a `.png` that is really a PDF is called `….pdf`).
 */
export function sanitizeFileName(raw: string | null | undefined, mime: AttachmentMime): string {
  const ext = extensionOf(mime);
  let name = String(raw ?? '')
    .split(/[\\/]/)
    .pop() as string;
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '').trim();
  name = name.replace(/^\.+/, '').replace(/\s+/g, ' ');
  const dot = name.lastIndexOf('.');
  let stem = dot > 0 ? name.slice(0, dot) : name;
  stem = stem.trim();
  if (!stem) stem = 'file';
  const max = MAX_ATTACHMENT_NAME_LENGTH - ext.length - 1;
  if (stem.length > max) stem = Array.from(stem).slice(0, max).join('').slice(0, max);
  return `${stem}.${ext}`;
}

/** What a browser File/Blob offers that the early check needs. */
export interface FileLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * The check both apps run before uploading, with the same rules and words as the server:
 * null when the file may be sent, else what to tell the person.
 */
export async function fileProblem(file: FileLike, max = MAX_ATTACHMENT_BYTES): Promise<string | null> {
  const kind = await fileProblemKind(file, max);
  if (kind === 'empty') return 'The file is empty.';
  if (kind === 'tooLarge') return `The file is larger than ${Math.round(max / 1024 / 1024)} MB.`;
  return kind === 'type' ? 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.' : null;
}

export type FileProblemKind = 'empty' | 'tooLarge' | 'type';

/** The same check as a kind, for apps that word it in the user's language (the widget). */
export async function fileProblemKind(file: FileLike, max = MAX_ATTACHMENT_BYTES): Promise<FileProblemKind | null> {
  if (file.size === 0) return 'empty';
  if (file.size > max) return 'tooLarge';
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return detectFileType(head) ? null : 'type';
}

/** 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
