import { deflateSync } from 'node:zlib';
import { useParley } from './harness';

/** A real, decodable RGBA PNG of the given size (one colour), built without any image library. */
function png(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgba).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * SPEC A9 in a real browser: the visitor attaches an image in the widget and the operator sees its
 * thumbnail; the operator attaches a PDF and the visitor gets it; a forbidden file shows an error.
 */
describe('attachments both ways (Chromium)', () => {
  const parley = useParley();

  it('image from the visitor, PDF from the operator, SVG refused in the widget', async () => {
    const visitorCtx = await parley.browser.newContext();
    const visitor = await visitorCtx.newPage();
    await visitor.goto(`${parley.server.url}/demo`);
    await visitor.getByTestId('parley-launcher').click();
    const input = visitor.getByTestId('parley-input');
    const first = `Photo question ${Date.now()}`;
    await input.fill(first);
    await input.press('Enter');
    await visitor.locator('[data-testid=parley-message][data-author=visitor]', { hasText: first }).getByText('Delivered').waitFor();

    // a forbidden type, whatever its name says, is refused before upload with a clear sentence
    await visitor.getByTestId('parley-file-input').setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
    const fileError = visitor.getByTestId('parley-file-error');
    await fileError.waitFor();
    expect(await fileError.textContent()).toMatch(/Only images \(PNG, JPEG, GIF, WebP\) and PDF files can be sent/);
    await visitor.locator('[data-testid=parley-file][data-state=error] button').click();
    await visitor.getByTestId('parley-file').waitFor({ state: 'detached' });

    // the image: uploaded with progress, then sent without text
    await visitor.getByTestId('parley-file-input').setInputFiles({ name: 'broken chair.png', mimeType: 'image/png', buffer: png(40, 30, [200, 40, 40, 255]) });
    await visitor.locator('[data-testid=parley-file][data-state=done]').waitFor({ timeout: 15_000 });
    expect(await visitor.getByTestId('parley-send').isDisabled()).toBe(false);
    await input.press('Enter');
    const sentImage = visitor.locator('[data-testid=parley-message][data-author=visitor] [data-testid=parley-attachment-image]');
    await sentImage.waitFor({ timeout: 15_000 });
    await visitor.waitForFunction(() => {
      const img = document.querySelector('parley-widget')?.shadowRoot?.querySelector('[data-testid=parley-attachment-image]') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth === 40;
    });
    expect(await visitor.getByTestId('parley-file').count()).toBe(0);

    // the operator sees the thumbnail (loaded through the link made for her)
    const agentCtx = await parley.browser.newContext();
    const agent = await agentCtx.newPage();
    await parley.signIn(agent, 'anna@demo.test');
    // the inbox row previews the file by name (the message has no text)
    await agent.getByTestId('conversation-row').filter({ hasText: '📎 broken chair.png' }).click();
    const thumb = agent.locator('[data-testid=message][data-author-type=visitor] [data-testid=attachment-image]');
    await thumb.waitFor({ timeout: 15_000 });
    expect(await thumb.getAttribute('alt')).toBe('broken chair.png');
    await agent.waitForFunction(() => {
      const img = document.querySelector('[data-testid=attachment-image]') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth === 40;
    });

    // the operator attaches a PDF with a caption; the visitor gets it live as a download link
    await agent.getByTestId('attach-input').setInputFiles({ name: 'Invoice 42.pdf', mimeType: 'application/pdf', buffer: PDF });
    await agent.locator('[data-testid=pending-attachment][data-state=done]').waitFor({ timeout: 15_000 });
    await agent.getByTestId('composer').fill('Here is your invoice');
    await agent.getByTestId('composer').press('Enter');
    await agent.locator('[data-testid=message][data-author-type=operator] [data-testid=attachment-file]').filter({ hasText: 'Invoice 42.pdf' }).waitFor({ timeout: 15_000 });

    const pdfLink = visitor.locator('[data-testid=parley-message][data-author=operator] [data-testid=parley-attachment-file]');
    await pdfLink.filter({ hasText: 'Invoice 42.pdf' }).waitFor({ timeout: 15_000 });
    const href = (await pdfLink.getAttribute('href')) as string;
    const download = await visitor.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: (await res.text()).slice(0, 8) };
    }, href);
    expect(download).toEqual({ status: 200, type: 'application/pdf', disposition: expect.stringMatching(/^attachment; filename="Invoice 42.pdf"/), text: '%PDF-1.4' });

    await agentCtx.close();
    await visitorCtx.close();
  });
});
