import { detectFileType, fileProblem, formatBytes, imageDimensions, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME_LENGTH, sanitizeFileName } from './attachments';

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (w: number, h: number) => bytes(PNG_SIG, u32be(13), 'IHDR', u32be(w), u32be(h), [8, 6, 0, 0, 0]);

describe('detectFileType (magic bytes)', () => {
  it.each([
    ['PNG', png(1, 1), 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
  ])('recognises %s', (_name, b, mime) => expect(detectFileType(b)).toBe(mime));

  it.each([
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['SVG with an XML prolog', bytes('<?xml version="1.0"?><svg/>')],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['HTML starting with spaces then a PNG-looking word', bytes('   \x89PNG')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', bytes([0x89, 0x50, 0x4e, 0x47])],
    ['a PDF marker not at the start', bytes(' %PDF-1.4')],
    ['ZIP', bytes('PK', [3, 4])],
    ['empty', new Uint8Array(0)],
  ])('refuses %s', (_name, b) => expect(detectFileType(b)).toBeNull());
});

describe('imageDimensions', () => {
  it('reads PNG, GIF and WebP (VP8X, VP8L, VP8) headers', () => {
    expect(imageDimensions(png(640, 480), 'image/png')).toEqual({ width: 640, height: 480 });
    expect(imageDimensions(bytes('GIF89a', u16le(300), u16le(200)), 'image/gif')).toEqual({ width: 300, height: 200 });
    const vp8x = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0], [0, 0, 0, 0], u24le(1919), u24le(1079));
    expect(imageDimensions(vp8x, 'image/webp')).toEqual({ width: 1920, height: 1080 });
    const bits = (100 - 1) | ((50 - 1) << 14);
    const vp8l = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8L', [0, 0, 0, 0], [0x2f], [bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255], [0, 0, 0, 0, 0]);
    expect(imageDimensions(vp8l, 'image/webp')).toEqual({ width: 100, height: 50 });
    const vp8 = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8 ', [0, 0, 0, 0], [0, 0, 0, 0x9d, 0x01, 0x2a], u16le(320), u16le(240));
    expect(imageDimensions(vp8, 'image/webp')).toEqual({ width: 320, height: 240 });
  });

  it('walks JPEG segments to the frame header', () => {
    const app0 = [0xff, 0xe0, 0, 16, ...Array.from('JFIF\0', (c) => c.charCodeAt(0)), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof0 = [0xff, 0xc0, 0, 17, 8, 0x01, 0xe0, 0x02, 0x80, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    expect(imageDimensions(Uint8Array.from([0xff, 0xd8, ...app0, ...sof0]), 'image/jpeg')).toEqual({ width: 640, height: 480 });
  });

  it('gives null for truncated or zero-sized headers instead of throwing', () => {
    expect(imageDimensions(bytes(PNG_SIG), 'image/png')).toBeNull();
    expect(imageDimensions(png(0, 10), 'image/png')).toBeNull();
    expect(imageDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg')).toBeNull();
    expect(imageDimensions(Uint8Array.from([0xff, 0xd8, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]), 'image/jpeg')).toBeNull();
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['../../../etc/passwd', 'image/png', 'passwd.png'],
    ['..\\..\\boot.ini', 'application/pdf', 'boot.pdf'],
    ['/absolute/path/photo.jpeg', 'image/jpeg', 'photo.jpg'],
    ['.hidden', 'image/png', 'hidden.png'],
    ['...', 'image/png', 'file.png'],
    ['', 'application/pdf', 'file.pdf'],
    ['report.final.PDF', 'application/pdf', 'report.final.pdf'],
    ['evil\u202Egnp.exe', 'image/png', 'evilgnp.png'],
    ['tab\tand\nnewline.gif', 'image/gif', 'tabandnewline.gif'],
    ['a<b>:"c"|?*.png', 'image/png', 'abc.png'],
    ['really a pdf.png', 'application/pdf', 'really a pdf.pdf'],
    ['Ünïcödé фото.webp', 'image/webp', 'Ünïcödé фото.webp'],
  ] as const)('%j → %j', (raw, mime, expected) => expect(sanitizeFileName(raw, mime)).toBe(expected));

  it('caps the length, keeping the extension', () => {
    const name = sanitizeFileName('x'.repeat(500) + '.png', 'image/png');
    expect(name.length).toBeLessThanOrEqual(MAX_ATTACHMENT_NAME_LENGTH);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('fileProblem (the early check in both apps)', () => {
  const file = (bytes: Uint8Array, size = bytes.length) => ({ size, slice: (a?: number, b?: number) => ({ arrayBuffer: async () => bytes.slice(a, b).buffer }) });
  it('accepts an image or PDF by content and refuses empty, oversized and other files with a sentence', async () => {
    expect(await fileProblem(file(png(1, 1)))).toBeNull();
    expect(await fileProblem(file(bytes('%PDF-1.4')))).toBeNull();
    expect(await fileProblem(file(new Uint8Array(0)))).toBe('The file is empty.');
    expect(await fileProblem(file(png(1, 1), MAX_ATTACHMENT_BYTES + 1))).toBe('The file is larger than 10 MB.');
    expect(await fileProblem(file(bytes('<svg onload=alert(1)>')))).toMatch(/Only images \(PNG, JPEG, GIF, WebP\) and PDF/);
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.3 MB');
  });
});
