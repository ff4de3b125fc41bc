import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CLIENT_NOTE_MAX_LENGTH, ErrorCode, OperatorRole, Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { ClientNote, ClientNotesStore } from '@parley/web/crm/data-access';
import { Conversation, SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { WIDGET_STYLES } from './widget-styles';

/** The server says which right is missing or what is gone (the generic texts speak of conversations). */
export function noteError(e: unknown): string {
  if (e instanceof GraphqlRequestError && (e.code === ErrorCode.Forbidden || e.code === ErrorCode.NotFound) && e.message) return e.message;
  return describeError(e);
}

/** A note longer than this is shown folded, with "Expand". */
export const NOTE_FOLD_LENGTH = 280;

/**
 * The side panel's Notes widget (SPEC E6, seed 004): the client's notes, newest first — the 5
 * newest, then 3 more per "Load more" — each with its author and time, "edited" when it was
 * changed; a long note folds with "Expand". Operators with "Edit clients" add notes (Ctrl+Enter
 * saves, a counter shows the 2000-character limit); authors edit and delete their own, admins and
 * holders of "Edit and delete notes of others" any note. The server checks every one of these
 * rights again; other operators' changes arrive live.
 */
@Component({
  selector: 'pl-notes-widget',
  imports: [DatePipe, MatButtonModule],
  providers: [ClientNotesStore],
  template: `
    <h3 id="notes-title">
      Notes
      @if (store.totalCount()) {
        <span class="count" data-testid="notes-count">{{ store.totalCount() }}</span>
      }
    </h3>
    @if (!contactId()) {
      <p class="none" data-testid="notes-empty">Notes are kept on a client: this conversation has none.</p>
    } @else {
      @if (mayAdd()) {
        <form class="add" (submit)="$event.preventDefault(); add()" data-testid="note-form">
          <label class="sr-only" for="note-new">New note</label>
          <textarea
            id="note-new"
            rows="2"
            placeholder="Add a note about this client…"
            [value]="draft()"
            (input)="draft.set($any($event.target).value); addError.set(null)"
            (keydown.control.enter)="$event.preventDefault(); add()"
            (keydown.meta.enter)="$event.preventDefault(); add()"
            [attr.aria-invalid]="draftTooLong() || !!addError()"
            aria-describedby="note-new-hint"
            [disabled]="saving()"
            data-testid="note-input"
          ></textarea>
          <div class="row">
            <span id="note-new-hint" class="hint" [class.over]="draftTooLong()" data-testid="note-counter">{{ draft().trim().length }} / {{ max }}</span>
            <button mat-flat-button type="submit" [disabled]="saving() || !draft().trim() || draftTooLong()" data-testid="note-add">{{ saving() ? 'Saving…' : 'Add note' }}</button>
          </div>
          @if (draftTooLong()) {
            <p class="error" role="alert" data-testid="note-too-long">A note is at most {{ max }} characters.</p>
          }
          @if (addError(); as e) {
            <p class="error" role="alert" data-testid="note-add-error">{{ e }}</p>
          }
        </form>
      }
      @if (store.error(); as e) {
        <p class="error" role="alert" data-testid="notes-error">The notes could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
      }
      @if (!store.loaded() && !store.error()) {
        <p class="none" aria-busy="true">Loading notes…</p>
      } @else if (store.loaded() && !store.notes().length) {
        <p class="none" data-testid="notes-none">{{ mayAdd() ? 'No notes yet. Write what the next operator should know about this client.' : 'No notes yet.' }}</p>
      }
      <ul class="notes" aria-labelledby="notes-title" data-testid="notes-list">
        @for (n of store.notes(); track n.id) {
          <li data-testid="note" [attr.data-note-id]="n.id">
            <div class="meta">
              <span class="author">{{ n.authorName || 'A former operator' }}</span>
              <time [attr.datetime]="n.createdAt" [title]="n.createdAt | date: 'medium'">{{ n.createdAt | date: 'short' }}</time>
              @if (n.edited) {
                <span class="edited" [title]="'Edited ' + (n.updatedAt | date: 'medium')">edited</span>
              }
            </div>
            @if (editingId() === n.id) {
              <label class="sr-only" [attr.for]="'note-edit-' + n.id">Edit note</label>
              <textarea
                [id]="'note-edit-' + n.id"
                rows="3"
                [value]="editDraft()"
                (input)="editDraft.set($any($event.target).value); editError.set(null)"
                (keydown.control.enter)="$event.preventDefault(); saveEdit(n)"
                (keydown.meta.enter)="$event.preventDefault(); saveEdit(n)"
                (keydown.escape)="cancelEdit()"
                [attr.aria-invalid]="editTooLong() || !!editError()"
                [disabled]="saving()"
                data-testid="note-edit-input"
              ></textarea>
              <div class="row">
                <span class="hint" [class.over]="editTooLong()">{{ editDraft().trim().length }} / {{ max }}</span>
                <span>
                  <button mat-button type="button" (click)="cancelEdit()" [disabled]="saving()">Cancel</button>
                  <button mat-flat-button type="button" (click)="saveEdit(n)" [disabled]="saving() || !editDraft().trim() || editTooLong()" data-testid="note-save">Save</button>
                </span>
              </div>
              @if (editError(); as e) {
                <p class="error" role="alert" data-testid="note-edit-error">{{ e }}</p>
              }
            } @else {
              <p class="body" data-testid="note-body">{{ expanded().has(n.id) || n.body.length <= fold ? n.body : n.body.slice(0, fold) + '…' }}</p>
              <div class="actions">
                @if (n.body.length > fold) {
                  <button type="button" class="link" (click)="toggle(n.id)" [attr.aria-expanded]="expanded().has(n.id)" data-testid="note-expand">{{ expanded().has(n.id) ? 'Collapse' : 'Expand' }}</button>
                }
                @if (mayChange(n)) {
                  @if (confirmingId() === n.id) {
                    <span class="confirm" role="group" aria-label="Delete this note?">
                      Delete this note?
                      <button type="button" class="link danger" (click)="remove(n)" [disabled]="saving()" data-testid="note-delete-confirm">Delete</button>
                      <button type="button" class="link" (click)="confirmingId.set(null)">Keep</button>
                    </span>
                  } @else {
                    <button type="button" class="link" (click)="startEdit(n)" [attr.aria-label]="'Edit the note of ' + (n.createdAt | date: 'short')" data-testid="note-edit">Edit</button>
                    <button type="button" class="link" (click)="confirmingId.set(n.id)" [attr.aria-label]="'Delete the note of ' + (n.createdAt | date: 'short')" data-testid="note-delete">Delete</button>
                  }
                }
              </div>
              @if (rowError()?.id === n.id) {
                <p class="error" role="alert" data-testid="note-row-error">{{ rowError()!.message }}</p>
              }
            }
          </li>
        }
      </ul>
      @if (store.hasMore()) {
        <button type="button" class="link" (click)="store.loadMore()" [disabled]="store.loadingMore()" data-testid="notes-more">
          {{ store.loadingMore() ? 'Loading…' : 'Load more (' + (store.totalCount() - store.notes().length) + ' older)' }}
        </button>
      }
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .count {
        margin-left: 6px;
        font: var(--mat-sys-label-small);
        padding: 0 6px;
        border-radius: 8px;
        background: var(--mat-sys-surface-container-high);
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        resize: vertical;
        font: var(--mat-sys-body-medium);
        padding: 6px 8px;
        border: 1px solid var(--mat-sys-outline-variant);
        border-radius: 4px;
        background: var(--mat-sys-surface);
        color: var(--mat-sys-on-surface);
      }
      textarea[aria-invalid='true'] {
        border-color: var(--mat-sys-error);
      }
      .row {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-top: 4px;
      }
      .hint {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
        font-variant-numeric: tabular-nums;
      }
      .hint.over {
        color: var(--mat-sys-error);
      }
      .notes {
        list-style: none;
        margin: 12px 0 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .notes li {
        border-left: 3px solid var(--mat-sys-outline-variant);
        padding-left: 8px;
      }
      .meta {
        display: flex;
        gap: 8px;
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .author {
        font-weight: 500;
        color: var(--mat-sys-on-surface);
      }
      .body {
        margin: 2px 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 12px;
        font: var(--mat-sys-label-small);
      }
      .link.danger {
        color: var(--mat-sys-error);
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotesWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientNotesStore);
  private readonly session = inject(SessionStore);
  protected readonly max = CLIENT_NOTE_MAX_LENGTH;
  protected readonly fold = NOTE_FOLD_LENGTH;

  protected readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  protected readonly draft = signal('');
  protected readonly saving = signal(false);
  protected readonly addError = signal<string | null>(null);
  protected readonly editingId = signal<string | null>(null);
  protected readonly editDraft = signal('');
  protected readonly editError = signal<string | null>(null);
  protected readonly confirmingId = signal<string | null>(null);
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());

  protected readonly draftTooLong = computed(() => this.draft().trim().length > CLIENT_NOTE_MAX_LENGTH);
  protected readonly editTooLong = computed(() => this.editDraft().trim().length > CLIENT_NOTE_MAX_LENGTH);
  /** Adding needs "Edit clients" (observers never). */
  protected readonly mayAdd = computed(() => this.session.canReply() && this.session.permissions().has(Permission.edit_clients));

  constructor() {
    effect(() => {
      const contactId = this.contactId();
      untracked(() => {
        this.draft.set('');
        this.addError.set(null);
        this.cancelEdit();
        this.store.open(contactId);
      });
    });
  }

  /** Its author, an admin or a holder of "Edit and delete notes of others"; never an observer. */
  protected mayChange(n: ClientNote): boolean {
    const role = this.session.role();
    if (!role || !ROLES_THAT_REPLY.includes(role)) return false;
    return n.authorId === this.session.operator()?.id || role === OperatorRole.admin || this.session.permissions().has(Permission.delete_others_notes);
  }

  protected async add(): Promise<void> {
    const body = this.draft().trim();
    if (!body || this.draftTooLong() || this.saving()) return;
    this.saving.set(true);
    try {
      await this.store.add(body);
      this.draft.set('');
      this.addError.set(null);
    } catch (e) {
      this.addError.set(noteError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected startEdit(n: ClientNote): void {
    this.editingId.set(n.id);
    this.editDraft.set(n.body);
    this.editError.set(null);
    this.confirmingId.set(null);
  }

  protected cancelEdit(): void {
    this.editingId.set(null);
    this.editDraft.set('');
    this.editError.set(null);
  }

  protected async saveEdit(n: ClientNote): Promise<void> {
    const body = this.editDraft().trim();
    if (!body || this.editTooLong() || this.saving()) return;
    this.saving.set(true);
    try {
      await this.store.update(n.id, body);
      this.cancelEdit();
    } catch (e) {
      this.editError.set(noteError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(n: ClientNote): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    this.rowError.set(null);
    try {
      await this.store.remove(n.id);
      this.confirmingId.set(null);
    } catch (e) {
      this.confirmingId.set(null);
      this.rowError.set({ id: n.id, message: noteError(e) });
      // a note another operator deleted meanwhile: show the list as it is now
      if (e instanceof GraphqlRequestError && e.code === ErrorCode.NotFound) void this.store.reload();
    } finally {
      this.saving.set(false);
    }
  }

  protected toggle(id: string): void {
    this.expanded.update((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }
}
