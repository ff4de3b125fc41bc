/** @jest-environment jsdom */
import { attachmentNodes, renderFiles, uploadErrorText, WidgetFiles, type WidgetFile } from './attachments';
import { parseServerFrame } from './frames';
import { uiTexts } from './i18n';
import { loadAllLanguages } from './test-fixtures';

const en = uiTexts('en');

const message = (attachments: unknown) =>
  JSON.stringify({ type: 'message', message: { id: 'm1', conversationId: 'c1', seq: 1, authorType: 'operator', body: '', createdAt: '', attachments } });

// the view's language specs speak every language, as if each file had been fetched
loadAllLanguages();

describe('attachments in frames (SPEC A9)', () => {
  it('keeps only our own download links and known types', () => {
    const good = { id: 'a1', name: 'offer.pdf', mime: 'application/pdf', size: 1200, url: '/api/attachments/a1?sub=c%3Ax&exp=1&sig=s' };
    const frame = parseServerFrame(message([good, { ...good, id: 'a2', url: 'javascript:alert(1)' }, { ...good, id: 'a3', url: 'https://evil.test/x' }, { ...good, id: 'a4', mime: 'image/svg+xml' }, 'junk']));
    expect(frame?.type === 'message' && frame.message.attachments).toEqual([{ ...good, width: null, height: null }]);
  });
});

describe('attachment rendering', () => {
  it('shows images as thumbnails and PDFs as download links, names as text only', () => {
    const box = attachmentNodes(
      [
        { id: 'i', name: '<img src=x onerror=alert(1)>.png', mime: 'image/png', size: 10, url: '/api/attachments/i?sig=1', width: 4, height: 3 },
        { id: 'p', name: 'offer.pdf', mime: 'application/pdf', size: 2048, url: '/api/attachments/p?sig=2' },
      ],
      'https://chat.example',
      en,
    );
    const img = box.querySelector('img') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('https://chat.example/api/attachments/i?sig=1');
    expect(img.alt).toBe('<img src=x onerror=alert(1)>.png');
    expect(box.querySelectorAll('img')).toHaveLength(1);
    const file = box.querySelector('[data-testid="parley-attachment-file"]') as HTMLAnchorElement;
    expect(file.getAttribute('download')).toBe('offer.pdf');
    expect(file.textContent).toContain('2.0 KB');
    expect(file.getAttribute('aria-label')).toBe('Download offer.pdf');
  });

  it('words links and chips in the visitor language', () => {
    const de = uiTexts('de');
    const box = attachmentNodes([{ id: 'p', name: 'angebot.pdf', mime: 'application/pdf', size: 2048, url: '/api/attachments/p?sig=2' }], '', de);
    expect(box.querySelector('a')?.getAttribute('aria-label')).toBe('angebot.pdf herunterladen');
    const chips = document.createElement('div');
    renderFiles(chips, [{ id: 1, name: 'a.png', size: 5, preview: null, state: 'uploading', progress: 0.5, error: '', attachment: null }], () => undefined, uiTexts('he'));
    expect(chips.querySelector('progress')?.getAttribute('aria-label')).toBe('מעלה את a.png');
    expect(chips.querySelector('button')?.getAttribute('aria-label')).toBe('הסרת a.png');
  });

  it('turns a refused upload into a text in the visitor language by its error code', () => {
    const pl = uiTexts('pl');
    expect(uploadErrorText(pl, 413, 'FILE_TOO_LARGE')).toBe('Plik jest większy niż 10 MB.');
    expect(uploadErrorText(pl, 415, 'UNSUPPORTED_FILE_TYPE')).toBe(pl.fileType);
    expect(uploadErrorText(pl, 429, 'RATE_LIMITED')).toBe(pl.uploadTooFast);
    expect(uploadErrorText(pl, 500, 'INTERNAL')).toBe(pl.uploadFailed);
  });

  it('checks picked files before uploading and words the problem in the visitor language', async () => {
    const t = uiTexts('ja');
    const files = new WidgetFiles({ apiOrigin: '', token: () => 'tok', onChange: () => undefined, texts: () => t });
    // jsdom's File has no arrayBuffer(): a File-like of the same shape
    const fileOf = (text: string, name: string) => {
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      return { name, size: bytes.length, type: '', slice: (a: number, b: number) => ({ arrayBuffer: async () => bytes.slice(a, b).buffer }) } as unknown as File;
    };
    const svg = fileOf('<svg onload=alert(1)>', 'x.png');
    const empty = fileOf('', 'e.pdf');
    await files.add([svg, empty]);
    expect(files.items.map((f) => f.error)).toEqual([t.fileType, t.fileEmpty]);
    const offline = new WidgetFiles({ apiOrigin: '', token: () => null, onChange: () => undefined, texts: () => uiTexts('sk') });
    await offline.add([fileOf('%PDF-1.4', 'a.pdf')]);
    expect(offline.items[0].error).toBe(uiTexts('sk').uploadConnecting);
  });

  it('renders pending files with progress, errors and a remove button', () => {
    const box = document.createElement('div');
    const removed: number[] = [];
    const files: WidgetFile[] = [
      { id: 1, name: 'a.png', size: 5, preview: null, state: 'uploading', progress: 0.5, error: '', attachment: null },
      { id: 2, name: 'x.svg', size: 5, preview: null, state: 'error', progress: 0, error: 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.', attachment: null },
    ];
    renderFiles(box, files, (id) => removed.push(id), en);
    expect(box.hidden).toBe(false);
    expect(box.querySelector('progress')?.getAttribute('value')).toBe('0.5');
    expect(box.querySelector('[data-testid="parley-file-error"]')?.textContent).toMatch(/Only images/);
    (box.querySelectorAll('button')[1] as HTMLButtonElement).click();
    expect(removed).toEqual([2]);
    renderFiles(box, [], () => undefined, en);
    expect(box.hidden).toBe(true);
  });
});
