import { decodeBase64Image, inspectImage } from './image-inspect';

/** A minimal PNG header (signature + IHDR) of the given size; the rest of the file does not matter here. */
export function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function jpegHeader(width: number, height: number): Buffer {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with precision, height, width
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(14)]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(8)]);
}

function webpLossless(width: number, height: number): Buffer {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(22, 4);
  b.write('WEBP', 8, 'ascii');
  b.write('VP8L', 12, 'ascii');
  b.writeUInt32LE(5, 16);
  b[20] = 0x2f;
  b.writeUInt32LE(((height - 1) << 14) | (width - 1), 21);
  return b;
}

describe('inspectImage', () => {
  it.each([
    ['PNG', pngHeader(50, 50), 'image/png', 50, 50],
    ['PNG 640×480', pngHeader(640, 480), 'image/png', 640, 480],
    ['JPEG', jpegHeader(50, 40), 'image/jpeg', 50, 40],
    ['lossless WebP', webpLossless(50, 50), 'image/webp', 50, 50],
    ['lossless WebP 300×20', webpLossless(300, 20), 'image/webp', 300, 20],
  ])('reads the type and size of a %s', (_label, buf, contentType, width, height) => {
    expect(inspectImage(buf)).toEqual({ contentType, width, height });
  });

  it.each([
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"></svg>')],
    ['a GIF', Buffer.from('GIF89a\x32\x00\x32\x00', 'binary')],
    ['text', Buffer.from('hello world, this is not an image at all')],
    ['a truncated PNG', pngHeader(50, 50).subarray(0, 20)],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([pngHeader(50, 50).subarray(0, 12), Buffer.from('tEXt'), Buffer.alloc(20)])],
    ['a JPEG without a frame header', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['a zero-sized PNG', pngHeader(0, 50)],
    ['an empty buffer', Buffer.alloc(0)],
  ])('rejects %s', (_label, buf) => {
    expect(inspectImage(buf)).toBeNull();
  });
});

describe('decodeBase64Image', () => {
  it('decodes plain base64 and data URLs', () => {
    const png = pngHeader(50, 50);
    expect(decodeBase64Image(png.toString('base64'))?.equals(png)).toBe(true);
    expect(decodeBase64Image(`data:image/png;base64,${png.toString('base64')}`)?.equals(png)).toBe(true);
  });
  it.each(['', 'not base64!', 'abc', '====', 'data:image/svg+xml;base64,PHN2Zz4=', 'YWJj\nZA=='])('rejects %j', (input) => {
    expect(decodeBase64Image(input)).toBeNull();
  });
});
