import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ATTACHMENT_ACCEPT, ChatAttachment, MAX_MESSAGE_LENGTH, messageLength } from '@parley/shared/contracts';
import { AttachmentUploader } from './attachments/attachment-uploader';
import { PendingAttachments } from './attachments/pending-attachments';
import { PendingFiles } from './attachments/pending-files';
import { checkMessageBody, composerErrorText, shouldShowCounter } from './composer-validation';

/** The reply box: Enter sends, Shift+Enter adds a line, Esc leaves it. Keeps one draft per conversation. */
@Component({
  selector: 'pl-composer',
  imports: [MatButtonModule, PendingAttachments],
  templateUrl: './composer.html',
  styleUrl: './composer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly conversationId = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly send = output<string>();
  /** A message with files (SPEC A9); the body may be empty. */
  readonly sendWithFiles = output<{ body: string; attachments: ChatAttachment[] }>();
  /** The text as typed (for typing reports); '' when cleared, sent or left. */
  readonly typing = output<string>();

  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('textarea');
  private readonly drafts = new Map<string, string>();
  private currentId: string | null = null;

  protected readonly max = MAX_MESSAGE_LENGTH;
  protected readonly accept = ATTACHMENT_ACCEPT;
  protected readonly files = new PendingFiles(inject(AttachmentUploader), () => this.conversationId());
  protected readonly canSend = computed(() => {
    const check = this.check();
    if (this.files.uploading()) return false;
    return check.ok || (check.error === 'empty' && this.files.ready().length > 0);
  });
  protected readonly draft = signal('');
  /** The empty-message error shows only after a send attempt; the length error shows at once. */
  private readonly attempted = signal(false);
  protected readonly check = computed(() => checkMessageBody(this.draft()));
  protected readonly length = computed(() => messageLength(this.draft().trim()));
  protected readonly showCounter = computed(() => shouldShowCounter(this.draft().trim()));
  protected readonly errorText = computed(() => {
    const check = this.check();
    if (check.ok) return null;
    if (check.error === 'empty' && (!this.attempted() || this.files.ready().length > 0)) return null;
    return composerErrorText(check.error, this.length());
  });

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => {
        if (this.currentId !== null) this.drafts.set(this.currentId, this.draft());
        this.currentId = id;
        this.draft.set(this.drafts.get(id) ?? '');
        this.attempted.set(false);
        this.files.clear();
      });
    });
  }

  focus(): void {
    this.textarea().nativeElement.focus();
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    if (value.trim()) this.attempted.set(false);
    this.typing.emit(value);
  }

  protected onBlur(): void {
    this.typing.emit('');
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.textarea().nativeElement.blur();
      document.querySelector<HTMLElement>('[data-testid="conversation-row"][tabindex="0"]')?.focus();
    }
  }

  protected addFiles(list: FileList | null | undefined): void {
    if (list?.length) void this.files.add(Array.from(list));
  }

  protected onPaste(event: ClipboardEvent): void {
    if (!event.clipboardData?.files.length) return;
    event.preventDefault();
    this.addFiles(event.clipboardData.files);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.addFiles(event.dataTransfer?.files);
  }

  protected submit(): void {
    const ready = this.files.ready();
    if (ready.length || this.files.uploading()) {
      if (!this.canSend()) return;
      const check = this.check();
      this.typing.emit('');
      this.sendWithFiles.emit({ body: check.ok ? check.body : '', attachments: ready });
      this.files.clear();
      this.draft.set('');
      this.attempted.set(false);
      return;
    }
    const check = this.check();
    if (!check.ok) {
      this.attempted.set(true);
      return;
    }
    this.typing.emit('');
    this.send.emit(check.body);
    this.draft.set('');
    this.attempted.set(false);
  }
}
