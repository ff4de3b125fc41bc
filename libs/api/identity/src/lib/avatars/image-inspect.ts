/** What an uploaded image really is, read from its bytes (never from a name or a declared type). */
export interface ImageInfo {
  contentType: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Returns null for anything that is not a well-formed PNG, JPEG or WebP header. */
export function inspectImage(buf: Buffer): ImageInfo | null {
  if (buf.length >= 24 && PNG_SIGNATURE.every((b, i) => buf[i] === b)) return png(buf);
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return jpeg(buf);
  if (buf.length >= 30 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') return webp(buf);
  return null;
}

function png(buf: Buffer): ImageInfo | null {
  // the first chunk must be IHDR: length 13, then width and height as big-endian uint32
  if (buf.readUInt32BE(8) !== 13 || buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return sized('image/png', buf.readUInt32BE(16), buf.readUInt32BE(20));
}

function jpeg(buf: Buffer): ImageInfo | null {
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame header
    const length = buf.readUInt16BE(i + 2);
    if (length < 2) return null;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > buf.length) return null;
      return sized('image/jpeg', buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5));
    }
    i += 2 + length;
  }
  return null;
}

function webp(buf: Buffer): ImageInfo | null {
  const chunk = buf.toString('ascii', 12, 16);
  if (chunk === 'VP8 ') {
    // key frame start code 9d 01 2a, then 14-bit width and height
    if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return null;
    return sized('image/webp', buf.readUInt16LE(26) & 0x3fff, buf.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (buf[20] !== 0x2f) return null;
    const bits = buf.readUInt32LE(21);
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const w = 1 + buf.readUIntLE(24, 3);
    const h = 1 + buf.readUIntLE(27, 3);
    return sized('image/webp', w, h);
  }
  return null;
}

function sized(contentType: ImageInfo['contentType'], width: number, height: number): ImageInfo | null {
  return width > 0 && height > 0 ? { contentType, width, height } : null;
}

/** Decodes strict base64 (optionally a data: URL); null for anything else. */
export function decodeBase64Image(input: string): Buffer | null {
  const raw = input.trim().replace(/^data:image\/(png|jpeg|webp);base64,/, '');
  if (!raw.length || raw.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return null;
  return Buffer.from(raw, 'base64');
}
