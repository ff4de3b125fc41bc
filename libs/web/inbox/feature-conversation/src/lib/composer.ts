import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { CdkConnectedOverlay, CdkOverlayOrigin, ConnectedPosition } from '@angular/cdk/overlay';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ATTACHMENT_ACCEPT, ChatAttachment, fillQuickReply, MAX_MESSAGE_LENGTH, mentionQueryAt, messageLength, QuickReplyContext, quickReplyQuery } from '@parley/shared/contracts';
import { QuickRepliesStore, TeammatesStore } from '@parley/web/tools/data-access';
import { AttachmentUploader } from '@parley/web/inbox/data-access';
import { PendingAttachments } from './attachments/pending-attachments';
import { PendingFiles } from '@parley/web/inbox/data-access';
import { checkMessageBody, composerErrorText, shouldShowCounter } from './composer-validation';
import { ComposerHandoff, Message } from '@parley/web/shared/data-access';
import { TemplatePicker } from './template-picker';

/** One row of the `/` quick-reply list or the `@` mention list. */
interface Suggestion {
  id: string;
  label: string;
  detail: string;
  insert: string;
}

export type ComposerMode = 'reply' | 'note';

/** A message the composer can edit (SPEC A10). */
export interface EditableMessage {
  id: string;
  body: string;
}

/** Saves an edit; resolves to the error to show, or null when saved. */
export type SaveEdit = (messageId: string, body: string) => Promise<string | null>;

/**
 * The reply box: Enter sends, Shift+Enter adds a line, Esc leaves it. Keeps one draft per conversation.
 * Agent tools (SPEC A8, A11): `/` at the start lists quick replies (arrows + Enter insert one with
 * its variables filled, Esc closes); the Reply/Note toggle (Ctrl+/) writes a private note instead,
 * where `@` lists operators to mention.
 * Editing (SPEC A10): ArrowUp in an empty box, or `startEdit` (the pencil on the bubble), loads the
 * operator's last message; an "Editing message" bar shows, Enter saves, Esc cancels and brings the
 * draft back.
 */
@Component({
  selector: 'pl-composer',
  imports: [MatButtonModule, MatButtonToggleModule, CdkConnectedOverlay, CdkOverlayOrigin, PendingAttachments, TemplatePicker],
  templateUrl: './composer.html',
  styleUrl: './composer.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly conversationId = input.required<string>();
  readonly hint = input<string | null>(null);
  /**
   * Issue #10: why a reply cannot be sent now (a closed WhatsApp window), or null. Replies are
   * refused before they are written, not failed after; private notes still can be added.
   */
  readonly replyClosed = input<string | null>(null);
  protected readonly replyBlocked = computed(() => !!this.replyClosed() && this.mode() === 'reply' && !this.editingId());
  /**
   * Issue #10: approved message templates (WhatsApp). `only`: the window closed and nothing else
   * can go, so the picker takes the text box's place; `offer`: a Template button opens it beside
   * the text box; null: the channel has none.
   */
  readonly templates = input<'only' | 'offer' | null>(null);
  /** A template message the API stored (the thread shows it at once). */
  readonly templateSent = output<Message>();
  protected readonly templatePickerOpen = signal(false);
  protected readonly showTemplates = computed(() => {
    if (this.mode() !== 'reply' || this.editingId()) return false;
    const offered = this.templates();
    return offered === 'only' ? !!this.replyClosed() : offered === 'offer' && this.templatePickerOpen();
  });
  /** Whether the Reply/Note toggle is offered (operators who may write). */
  readonly canNote = input(false);
  /** Values for the quick replies' {{variables}}. */
  readonly context = input<QuickReplyContext>({});
  readonly send = output<string>();
  /** A private note to store (never sent to the visitor). */
  readonly note = output<string>();
  /** A message with files (SPEC A9); the body may be empty. */
  readonly sendWithFiles = output<{ body: string; attachments: ChatAttachment[] }>();
  /** The text as typed (for typing reports); '' when cleared, sent or left. */
  readonly typing = output<string>();
  /** The message ArrowUp in the empty box edits: the operator's own last one, while it may be edited. */
  readonly editTarget = input<EditableMessage | null>(null);
  /** Saves an edit (the thread's store); without it nothing can be edited. */
  readonly saveEdit = input<SaveEdit | null>(null);

  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('textarea');
  private readonly drafts = new Map<string, string>();
  private currentId: string | null = null;
  private readonly quickReplies = inject(QuickRepliesStore);
  private readonly teammates = inject(TeammatesStore);
  private readonly handoff = inject(ComposerHandoff);

  protected readonly max = MAX_MESSAGE_LENGTH;
  protected readonly accept = ATTACHMENT_ACCEPT;
  protected readonly files = new PendingFiles(inject(AttachmentUploader), () => this.conversationId());
  protected readonly canSend = computed(() => {
    const check = this.check();
    if (this.files.uploading()) return false;
    return check.ok || (check.error === 'empty' && this.files.ready().length > 0);
  });
  protected readonly draft = signal('');
  protected readonly mode = signal<ComposerMode>('reply');
  /** The message being edited (with its text before the edit), or null while writing a new one. */
  private readonly editing = signal<{ id: string; original: string } | null>(null);
  /** The id of the message being edited, for the bubble to show it. */
  readonly editingId = computed(() => this.editing()?.id ?? null);
  /** What the box held when the edit began: it comes back when the edit ends. */
  private draftBeforeEdit = '';
  protected readonly saving = signal(false);
  /** The server refused the edit (not the last message any more, too old…). */
  private readonly editError = signal<string | null>(null);
  /** The empty-message error shows only after a send attempt; the length error shows at once. */
  private readonly attempted = signal(false);
  protected readonly check = computed(() => checkMessageBody(this.draft()));
  protected readonly length = computed(() => messageLength(this.draft().trim()));
  protected readonly showCounter = computed(() => shouldShowCounter(this.draft().trim()));
  protected readonly errorText = computed(() => {
    const refused = this.editError();
    if (refused) return refused;
    const check = this.check();
    if (check.ok) return null;
    if (check.error === 'empty' && this.editing()) return this.attempted() ? 'An edited message cannot be empty. Press Esc to keep it as it was.' : null;
    if (check.error === 'empty' && (!this.attempted() || this.files.ready().length > 0)) return null;
    return composerErrorText(check.error, this.length());
  });

  // ---- suggestions (quick replies, mentions) ----------------------------------------------------
  private readonly caret = signal(0);
  /** The draft at the moment Esc closed the list: it stays closed until the text changes. */
  private readonly dismissedAt = signal<string | null>(null);
  protected readonly activeIndex = signal(0);
  private readonly replyQuery = computed(() => quickReplyQuery(this.draft()));
  private readonly mention = computed(() => (this.mode() === 'note' ? mentionQueryAt(this.draft(), this.caret()) : null));
  protected readonly menuKind = computed<'reply' | 'mention' | null>(() => (this.replyQuery() !== null ? 'reply' : this.mention() ? 'mention' : null));
  protected readonly suggestions = computed<Suggestion[]>(() => {
    const q = this.replyQuery();
    if (q !== null) {
      return this.quickReplies
        .items()
        .filter((r) => r.shortcut.startsWith(q))
        .slice(0, 8)
        .map((r) => ({ id: r.id, label: `/${r.shortcut}`, detail: r.body, insert: r.body }));
    }
    const m = this.mention();
    if (!m) return [];
    const needle = m.query.toLowerCase();
    return this.teammates
      .items()
      .filter((t) => {
        const name = t.displayName.toLowerCase();
        return name.startsWith(needle) || name.includes(` ${needle}`);
      })
      .slice(0, 8)
      .map((t) => ({ id: t.id, label: `@${t.displayName}`, detail: t.role, insert: t.displayName }));
  });
  protected readonly menuOpen = computed(
    () => !this.editing() && this.menuKind() !== null && this.dismissedAt() !== this.draft() && (this.menuKind() === 'reply' || this.suggestions().length > 0),
  );
  protected readonly quickRepliesLoaded = this.quickReplies.loaded;
  protected readonly positions: ConnectedPosition[] = [
    { originX: 'start', originY: 'top', overlayX: 'start', overlayY: 'bottom', offsetY: -4 },
    { originX: 'start', originY: 'bottom', overlayX: 'start', overlayY: 'top', offsetY: 4 },
  ];

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => {
        if (this.currentId !== null) this.drafts.set(this.currentId, this.editing() ? this.draftBeforeEdit : this.draft());
        this.editing.set(null);
        this.editError.set(null);
        this.saving.set(false);
        this.currentId = id;
        this.draft.set(this.drafts.get(id) ?? '');
        this.attempted.set(false);
        this.files.clear();
        this.templatePickerOpen.set(false);
      });
    });
    // a file made elsewhere for this conversation (the order drawer's printable document) joins the files to send
    effect(() => {
      const offered = this.handoff.offered();
      const id = this.conversationId();
      if (!offered.some((o) => o.conversationId === id)) return;
      untracked(() => {
        for (const a of this.handoff.take(id)) this.files.addReady(a);
        this.textarea().nativeElement.focus();
      });
    });
    // load the lists the first time they are needed
    effect(() => {
      const kind = this.menuKind();
      untracked(() => {
        if (kind === 'reply') void this.quickReplies.ensureLoaded();
        if (this.mode() === 'note') void this.teammates.ensureLoaded();
      });
    });
    effect(() => {
      this.suggestions();
      untracked(() => this.activeIndex.set(0));
    });
  }

  focus(): void {
    if (this.showTemplates()) {
      document.querySelector<HTMLElement>('[data-testid="template-search"], [data-testid="template-variable"]')?.focus();
      return;
    }
    this.textarea().nativeElement.focus();
  }

  protected openTemplates(): void {
    this.typing.emit('');
    this.templatePickerOpen.set(true);
    setTimeout(() => document.querySelector<HTMLElement>('[data-testid="template-search"]')?.focus());
  }

  protected closeTemplates(): void {
    this.templatePickerOpen.set(false);
    this.focus();
  }

  protected onTemplateSent(message: Message): void {
    this.templatePickerOpen.set(false);
    this.templateSent.emit(message);
  }

  /**
   * Loads the message into the box to edit it (the pencil on the bubble, or ArrowUp): the draft so
   * far waits aside and comes back when the edit is saved or cancelled.
   */
  startEdit(message: EditableMessage): void {
    if (!this.saveEdit()) return;
    if (!this.editing()) this.draftBeforeEdit = this.draft();
    this.typing.emit('');
    this.mode.set('reply');
    this.editing.set({ id: message.id, original: message.body });
    this.editError.set(null);
    this.attempted.set(false);
    this.setText(message.body);
  }

  /** Leaves the edit without saving: the message keeps its text, the draft comes back. */
  cancelEdit(): void {
    if (!this.editing()) return;
    this.editing.set(null);
    this.editError.set(null);
    this.attempted.set(false);
    this.setText(this.draftBeforeEdit);
    this.draftBeforeEdit = '';
  }

  private setText(text: string): void {
    const el = this.textarea().nativeElement;
    this.draft.set(text);
    el.value = text;
    el.focus();
    el.setSelectionRange(text.length, text.length);
    this.caret.set(text.length);
  }

  protected setMode(mode: ComposerMode): void {
    this.mode.set(mode === 'note' && this.canNote() ? 'note' : 'reply');
    this.focus();
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    this.caret.set(this.textarea().nativeElement.selectionStart ?? value.length);
    if (value.trim()) this.attempted.set(false);
    this.editError.set(null);
    // notes are not typed "to the visitor", nor are edits: no typing reports while writing them
    if (this.mode() === 'reply' && !this.editing()) this.typing.emit(value);
  }

  protected onCaret(): void {
    this.caret.set(this.textarea().nativeElement.selectionStart ?? this.draft().length);
  }

  protected onBlur(): void {
    this.typing.emit('');
  }

  protected onKeydown(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && event.key === '/') {
      event.preventDefault();
      if (this.canNote()) this.setMode(this.mode() === 'note' ? 'reply' : 'note');
      return;
    }
    if (this.menuOpen() && !event.isComposing) {
      const count = this.suggestions().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (count) this.activeIndex.set((this.activeIndex() + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        if (count) this.pick(this.activeIndex());
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.closeMenu();
        return;
      }
    }
    if (event.key === 'ArrowUp' && this.canStartEditWithArrow(event)) {
      const target = this.editTarget();
      if (target) {
        event.preventDefault();
        this.startEdit(target);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    } else if (event.key === 'Escape' && this.editing()) {
      // the first Esc ends the edit; the next one leaves the box
      event.preventDefault();
      this.cancelEdit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.textarea().nativeElement.blur();
      document.querySelector<HTMLElement>('[data-testid="conversation-row"][tabindex="0"]')?.focus();
    }
  }

  /** ArrowUp edits the last message only from an empty reply box (otherwise it moves the caret). */
  private canStartEditWithArrow(event: KeyboardEvent): boolean {
    if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return false;
    return !this.editing() && this.mode() === 'reply' && this.draft().trim() === '' && this.files.items().length === 0 && !!this.saveEdit();
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

  protected closeMenu(): void {
    this.dismissedAt.set(this.draft());
  }

  protected pick(index: number): void {
    const s = this.suggestions()[index];
    if (!s) return;
    const el = this.textarea().nativeElement;
    let text: string;
    let caret: number;
    if (this.menuKind() === 'reply') {
      text = fillQuickReply(s.insert, this.context());
      caret = text.length;
    } else {
      const m = this.mention();
      if (!m) return;
      const draft = this.draft();
      const inserted = `@${s.insert} `;
      text = draft.slice(0, m.start) + inserted + draft.slice(this.caret());
      caret = m.start + inserted.length;
    }
    this.draft.set(text);
    el.value = text;
    el.setSelectionRange(caret, caret);
    this.caret.set(caret);
    this.dismissedAt.set(null);
    if (this.mode() === 'reply') this.typing.emit(text);
    el.focus();
  }

  protected submit(): void {
    if (this.replyBlocked()) return;
    if (this.editing()) {
      void this.submitEdit();
      return;
    }
    const ready = this.files.ready();
    if (this.mode() !== 'note' && (ready.length || this.files.uploading())) {
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
    if (this.mode() === 'note') this.note.emit(check.body);
    else this.send.emit(check.body);
    this.draft.set('');
    this.attempted.set(false);
  }

  private async submitEdit(): Promise<void> {
    const editing = this.editing();
    const save = this.saveEdit();
    if (!editing || !save || this.saving()) return;
    const check = this.check();
    if (!check.ok) {
      this.attempted.set(true);
      return;
    }
    // nothing changed: no request, no "edited" mark
    if (check.body === editing.original.trim()) {
      this.cancelEdit();
      return;
    }
    this.saving.set(true);
    this.editError.set(null);
    const error = await save(editing.id, check.body);
    this.saving.set(false);
    if (this.editing() !== editing) return; // cancelled, or another conversation opened meanwhile
    if (error) {
      this.editError.set(error);
      return;
    }
    this.cancelEdit();
  }
}
