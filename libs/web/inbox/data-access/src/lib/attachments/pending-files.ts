import { computed, signal } from '@angular/core';
import { ChatAttachment, fileProblem, isImageMime, MAX_ATTACHMENTS_PER_MESSAGE } from '@parley/shared/contracts';
import { AttachmentUploader, UploadHandle } from './attachment-uploader';

export interface PendingFile {
  localId: number;
  name: string;
  size: number;
  /** An object URL for image previews; null for PDFs. */
  previewUrl: string | null;
  state: 'uploading' | 'done' | 'error';
  progress: number;
  error: string | null;
  attachment: ChatAttachment | null;
}

/** The composer's files: checked, uploaded at once with progress, sent with the next message. */
export class PendingFiles {
  private nextId = 1;
  private readonly handles = new Map<number, UploadHandle>();
  readonly items = signal<PendingFile[]>([]);
  readonly uploading = computed(() => this.items().some((f) => f.state === 'uploading'));
  readonly ready = computed(() => this.items().filter((f) => f.state === 'done').map((f) => f.attachment as ChatAttachment));
  readonly hasErrors = computed(() => this.items().some((f) => f.state === 'error'));

  constructor(
    private readonly uploader: AttachmentUploader,
    private readonly conversationId: () => string,
  ) {}

  async add(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      const localId = this.nextId++;
      const tooMany = this.items().filter((f) => f.state !== 'error').length >= MAX_ATTACHMENTS_PER_MESSAGE;
      const problem = tooMany ? `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message.` : await fileProblem(file);
      const base: PendingFile = { localId, name: file.name || 'file', size: file.size, previewUrl: null, state: 'uploading', progress: 0, error: null, attachment: null };
      if (problem) {
        this.items.update((list) => [...list, { ...base, state: 'error', error: problem }]);
        continue;
      }
      const previewUrl = isImageMime(file.type) ? URL.createObjectURL(file) : null;
      this.items.update((list) => [...list, { ...base, previewUrl }]);
      const handle = this.uploader.upload(file, this.conversationId(), (progress) => this.patch(localId, { progress }));
      this.handles.set(localId, handle);
      handle.done.then(
        (attachment) => this.patch(localId, { state: 'done', progress: 1, attachment }),
        (e: Error) => this.patch(localId, { state: 'error', error: e.message }),
      ).finally(() => this.handles.delete(localId));
    }
  }

  /** A file already stored for this conversation (the order drawer's PDF): ready to send at once. */
  addReady(attachment: ChatAttachment): void {
    const localId = this.nextId++;
    this.items.update((list) => [...list, { localId, name: attachment.name, size: attachment.size, previewUrl: null, state: 'done', progress: 1, error: null, attachment }]);
  }

  remove(localId: number): void {
    this.handles.get(localId)?.abort();
    const item = this.items().find((f) => f.localId === localId);
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl);
    this.items.update((list) => list.filter((f) => f.localId !== localId));
  }

  clear(): void {
    for (const f of this.items()) this.remove(f.localId);
  }

  private patch(localId: number, patch: Partial<PendingFile>): void {
    this.items.update((list) => list.map((f) => (f.localId === localId ? { ...f, ...patch } : f)));
  }
}
