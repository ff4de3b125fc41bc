/**
 * Files in the widget (SPEC A9): checked early with the server's rules, uploaded at once with
 * progress (raw body, the visitor token in a header), sent with the next message as ids.
 */
import {
  type ChatAttachment,
  ErrorCode,
  fileProblemKind,
  formatBytes,
  isImageMime,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  VISITOR_ATTACHMENT_UPLOAD_PATH,
  VISITOR_TOKEN_HEADER,
} from '@parley/shared/contracts';
import { h } from './dom';
import { fill, type UiTexts } from './i18n';

const MB = Math.round(MAX_ATTACHMENT_BYTES / 1024 / 1024);

export interface WidgetFile {
  id: number;
  name: string;
  size: number;
  /** Object URL of an image, for its thumbnail. */
  preview: string | null;
  state: 'uploading' | 'done' | 'error';
  progress: number;
  error: string;
  attachment: ChatAttachment | null;
}

export interface FilesDeps {
  apiOrigin: string;
  token(): string | null;
  onChange(): void;
  /** The texts of the language the widget speaks (errors are worded when they happen). */
  texts(): UiTexts;
}

/** A refused upload's answer (`{ code, message }`) in the visitor's language. */
export function uploadErrorText(t: UiTexts, status: number, code: unknown): string {
  if (code === ErrorCode.FileTooLarge || status === 413) return fill(t.fileTooLarge, { mb: MB });
  if (code === ErrorCode.UnsupportedFileType) return t.fileType;
  if (code === ErrorCode.RateLimited || status === 429) return t.uploadTooFast;
  if (code === ErrorCode.ChannelInactive) return t.unavailable;
  return t.uploadFailed;
}

export class WidgetFiles {
  items: WidgetFile[] = [];
  private nextId = 1;
  private readonly requests = new Map<number, XMLHttpRequest>();

  constructor(private readonly deps: FilesDeps) {}

  get uploading(): boolean {
    return this.items.some((f) => f.state === 'uploading');
  }

  get ready(): ChatAttachment[] {
    return this.items.filter((f) => f.state === 'done').map((f) => f.attachment as ChatAttachment);
  }

  async add(files: readonly File[]): Promise<void> {
    for (const file of files) {
      const id = this.nextId++;
      const item: WidgetFile = { id, name: file.name || 'file', size: file.size, preview: null, state: 'uploading', progress: 0, error: '', attachment: null };
      const token = this.deps.token();
      const t = this.deps.texts();
      const kind = this.items.filter((f) => f.state !== 'error').length >= MAX_ATTACHMENTS_PER_MESSAGE ? 'tooMany' : !token ? 'connecting' : await fileProblemKind(file);
      const problem =
        kind === 'tooMany'
          ? fill(t.tooManyFiles, { n: MAX_ATTACHMENTS_PER_MESSAGE })
          : kind === 'connecting'
            ? t.uploadConnecting
            : kind === 'empty'
              ? t.fileEmpty
              : kind === 'tooLarge'
                ? fill(t.fileTooLarge, { mb: MB })
                : kind === 'type'
                  ? t.fileType
                  : null;
      this.items = [...this.items, problem ? { ...item, state: 'error', error: problem } : { ...item, preview: isImageMime(file.type) ? URL.createObjectURL(file) : null }];
      this.deps.onChange();
      if (!problem) this.upload(id, file, token as string);
    }
  }

  remove(id: number): void {
    this.requests.get(id)?.abort();
    const f = this.items.find((x) => x.id === id);
    if (f?.preview) URL.revokeObjectURL(f.preview);
    this.items = this.items.filter((x) => x.id !== id);
    this.deps.onChange();
  }

  clear(): void {
    for (const f of this.items) this.remove(f.id);
  }

  private upload(id: number, file: File, token: string): void {
    const xhr = new XMLHttpRequest();
    this.requests.set(id, xhr);
    xhr.open('POST', `${this.deps.apiOrigin}${VISITOR_ATTACHMENT_UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader(VISITOR_TOKEN_HEADER, token);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && this.patch(id, { progress: e.loaded / e.total });
    const fail = (error: string) => this.patch(id, { state: 'error', error });
    xhr.onload = () => {
      this.requests.delete(id);
      let body: { attachment?: ChatAttachment; code?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 201 && body.attachment) this.patch(id, { state: 'done', progress: 1, attachment: body.attachment });
      else fail(uploadErrorText(this.deps.texts(), xhr.status, body.code));
    };
    xhr.onerror = () => {
      this.requests.delete(id);
      fail(this.deps.texts().uploadOffline);
    };
    xhr.send(file);
  }

  private patch(id: number, patch: Partial<WidgetFile>): void {
    this.items = this.items.map((f) => (f.id === id ? { ...f, ...patch } : f));
    this.deps.onChange();
  }
}

/** The chips above the composer. */
export function renderFiles(box: HTMLElement, files: readonly WidgetFile[], remove: (id: number) => void, t: UiTexts): void {
  box.textContent = '';
  box.hidden = files.length === 0;
  for (const f of files) {
    const thumb = f.preview ? h('img', { class: 'thumb', src: f.preview, alt: '' }) : h('span', { class: 'ficon', 'aria-hidden': 'true' }, f.state === 'error' ? '!' : 'PDF');
    const status =
      f.state === 'error'
        ? h('span', { class: 'ferr', role: 'alert', 'data-testid': 'parley-file-error' }, f.error)
        : f.state === 'uploading'
          ? h('progress', { max: '1', value: String(f.progress), 'aria-label': fill(t.uploading, { name: f.name }) })
          : h('span', { class: 'fsize' }, formatBytes(f.size));
    const x = h('button', { type: 'button', class: 'fx', 'aria-label': fill(t.removeFile, { name: f.name }) }, '×');
    x.addEventListener('click', () => remove(f.id));
    box.appendChild(h('div', { class: `chip ${f.state}`, 'data-testid': 'parley-file', 'data-state': f.state }, thumb, h('span', { class: 'fname' }, f.name), status, x));
  }
}

/** A message's files: image thumbnails (open full size) and PDF links. URLs are ours (checked when parsed). */
export function attachmentNodes(list: readonly ChatAttachment[], apiOrigin: string, t: UiTexts): HTMLElement {
  const box = h('div', { class: 'atts' });
  for (const a of list) {
    const href = `${apiOrigin}${a.url}`;
    if (isImageMime(a.mime)) {
      const img = h('img', { src: href, alt: a.name, loading: 'lazy', 'data-testid': 'parley-attachment-image' });
      if (a.width && a.height) img.style.aspectRatio = `${a.width} / ${a.height}`;
      box.appendChild(h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'att-img', title: fill(t.openImage, { name: a.name }) }, img));
    } else {
      box.appendChild(
        h('a', { href, download: a.name, rel: 'noopener noreferrer', class: 'att-file', title: fill(t.download, { name: a.name }), 'aria-label': fill(t.download, { name: a.name }), 'data-testid': 'parley-attachment-file' }, h('span', { class: 'ficon', 'aria-hidden': 'true' }, 'PDF'), h('span', { class: 'fname' }, a.name), h('span', { class: 'fsize' }, formatBytes(a.size))),
      );
    }
  }
  return box;
}
