import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import {
  MAX_QUICK_REPLY_LENGTH,
  messageLength,
  OperatorRole,
  QUICK_REPLY_SHORTCUT_PATTERN,
  QUICK_REPLY_VARIABLES,
  ROLES_THAT_REPLY,
} from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { QuickRepliesStore } from '@parley/web/tools/data-access';
import { QuickReply } from '@parley/web/tools/data-access';
import { CreateQuickReplyDocument, DeleteQuickReplyDocument, UpdateQuickReplyDocument } from '@parley/web/tools/data-access';

/** The form's own checks, with the server's rules (the server checks again). */
export function quickReplyFormError(shortcut: string, body: string): string | null {
  const s = shortcut.trim().replace(/^\//, '').toLowerCase();
  if (!s) return 'Give the reply a shortcut, e.g. "thanks".';
  if (!QUICK_REPLY_SHORTCUT_PATTERN.test(s)) return 'The shortcut may hold only letters a–z, digits, "-" and "_" (at most 32).';
  if (!body.trim()) return 'Write the text of the reply.';
  if (messageLength(body) > MAX_QUICK_REPLY_LENGTH) return `The text is longer than ${MAX_QUICK_REPLY_LENGTH} characters.`;
  return null;
}

/** Route `/settings/quick-replies` (SPEC A8): the caller's personal replies and, for admins/supervisors, the shared ones. */
@Component({
  selector: 'pl-quick-replies-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="page" aria-labelledby="qr-title">
      <header class="page-header">
        <a mat-button routerLink="/inbox" aria-label="Back to the inbox">‹ Inbox</a>
        <h1 id="qr-title">Quick replies</h1>
      </header>
      <p class="intro">
        Type <kbd>/</kbd> and the shortcut at the start of a reply to insert one. Variables:
        @for (v of variables; track v) {
          <code>{{ '{{' + v + '}}' }}</code>
        }
        — a value that is not known becomes empty; add a fallback after <code>|</code>, e.g. <code>{{ '{{client.name|there}}' }}</code>, to use instead.
      </p>

      @if (canWrite()) {
        <form class="editor" (ngSubmit)="save()" aria-labelledby="qr-form-title" data-testid="qr-form">
          <h2 id="qr-form-title">{{ editing() ? 'Edit /' + editing()!.shortcut : 'New quick reply' }}</h2>
          <mat-form-field appearance="outline">
            <mat-label>Shortcut</mat-label>
            <span matTextPrefix>/</span>
            <input matInput name="shortcut" data-testid="qr-shortcut" maxlength="40" [(ngModel)]="shortcut" required />
          </mat-form-field>
          <mat-form-field appearance="outline" class="body">
            <mat-label>Text</mat-label>
            <textarea matInput name="body" rows="4" data-testid="qr-body" [(ngModel)]="body" (ngModelChange)="bodyText.set($event)" required></textarea>
            <mat-hint align="end">{{ bodyLength() }} / {{ max }}</mat-hint>
          </mat-form-field>
          @if (canShare() && !editing()) {
            <mat-checkbox name="shared" data-testid="qr-shared" [(ngModel)]="shared">Shared with the whole workspace</mat-checkbox>
          }
          @if (error(); as e) {
            <p class="error" role="alert" data-testid="qr-error">{{ e }}</p>
          }
          <div class="buttons">
            <button mat-flat-button type="submit" data-testid="qr-save" [disabled]="saving()">{{ saving() ? 'Saving…' : editing() ? 'Save' : 'Add' }}</button>
            @if (editing()) {
              <button mat-button type="button" (click)="reset()">Cancel</button>
            }
          </div>
        </form>
      } @else {
        <p class="intro" role="note">Observers read conversations only, so they have no quick replies.</p>
      }

      @if (!store.loaded()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading quick replies" />
      }
      <ul class="list" aria-label="Quick replies" data-testid="qr-list">
        @for (q of store.items(); track q.id) {
          <li data-testid="qr-item">
            <div class="head">
              <strong>/{{ q.shortcut }}</strong>
              <span class="scope">{{ q.shared ? 'Shared' : 'Personal' }}</span>
              @if (mayEdit(q)) {
                <button mat-button type="button" [attr.aria-label]="'Edit /' + q.shortcut" (click)="edit(q)">Edit</button>
                <button mat-button type="button" [attr.aria-label]="'Delete /' + q.shortcut" data-testid="qr-delete" (click)="remove(q)">Delete</button>
              }
            </div>
            <p class="text">{{ q.body }}</p>
          </li>
        } @empty {
          @if (store.loaded()) {
            <li class="empty">No quick replies yet. Add one above — for example <code>/thanks</code> → “Thank you, {{ '{{client.name}}' }}!”.</li>
          }
        }
      </ul>
    </section>
  `,
  styles: `
    .page { max-width: 880px; margin: 0 auto; padding: 16px 24px; }
    .page-header { display: flex; align-items: center; gap: 12px; }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 8px; }
    .intro { color: var(--mat-sys-on-surface-variant); }
    code { margin: 0 4px; }
    .editor { display: flex; flex-direction: column; gap: 4px; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; margin: 16px 0; }
    .error { color: var(--mat-sys-error); margin: 4px 0; }
    .buttons { display: flex; gap: 8px; }
    .list { list-style: none; padding: 0; margin: 0; }
    .list li { padding: 12px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .head { display: flex; align-items: center; gap: 12px; }
    .scope { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    .text { margin: 4px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuickRepliesPage implements OnInit {
  protected readonly store = inject(QuickRepliesStore);
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);

  protected readonly variables = QUICK_REPLY_VARIABLES;
  protected readonly max = MAX_QUICK_REPLY_LENGTH;
  protected shortcut = '';
  protected body = '';
  protected shared = false;
  protected readonly editing = signal<QuickReply | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly bodyText = signal('');
  protected readonly bodyLength = computed(() => messageLength(this.bodyText()));
  protected readonly canShare = computed(() => this.session.role() === OperatorRole.admin || this.session.role() === OperatorRole.supervisor);
  protected readonly canWrite = computed(() => {
    const role = this.session.role();
    return role !== null && ROLES_THAT_REPLY.includes(role);
  });

  ngOnInit(): void {
    void this.store.refresh();
  }

  protected mayEdit(q: QuickReply): boolean {
    return q.shared ? this.canShare() : this.canWrite();
  }

  protected edit(q: QuickReply): void {
    this.editing.set(q);
    this.shortcut = q.shortcut;
    this.body = q.body;
    this.bodyText.set(q.body);
    this.error.set(null);
  }

  protected reset(): void {
    this.editing.set(null);
    this.shortcut = '';
    this.body = '';
    this.shared = false;
    this.bodyText.set('');
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    this.bodyText.set(this.body);
    const problem = quickReplyFormError(this.shortcut, this.body);
    if (problem) {
      this.error.set(problem);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      const editing = this.editing();
      if (editing) await this.api.request(UpdateQuickReplyDocument, { input: { id: editing.id, shortcut: this.shortcut, body: this.body } });
      else await this.api.request(CreateQuickReplyDocument, { input: { shortcut: this.shortcut, body: this.body, shared: this.canShare() && this.shared } });
      this.reset();
      await this.store.refresh();
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(q: QuickReply): Promise<void> {
    this.error.set(null);
    try {
      await this.api.request(DeleteQuickReplyDocument, { input: { id: q.id } });
      if (this.editing()?.id === q.id) this.reset();
      await this.store.refresh();
    } catch (e) {
      this.error.set(describeError(e));
    }
  }
}
