import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ErrorCode, normalizeTagName, tagColorError, tagNameError, tagTextColor } from '@parley/shared/contracts';
import { AdminTagsDocument, DeleteTagDocument, TagImpactDocument, UpdateTagDocument } from '@parley/web/admin/data-access';
import { ApiClient, Tag, TagEventsStore, TagJob } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

interface Pending {
  tag: Tag;
  kind: 'update' | 'delete';
  name: string | null;
  color: string | null;
  clients: number;
  conversations: number;
}

/** The sentence of a job, for the progress line. */
export function jobSentence(job: TagJob): string {
  const what = job.kind === 'delete' ? `Deleting “${job.oldName}”` : `Changing “${job.oldName}”${job.name ? ` to “${job.name}”` : ''}`;
  if (job.state === 'done') return `${job.kind === 'delete' ? `Deleted “${job.oldName}”` : `Changed “${job.oldName}”`} for ${job.clients} clients and ${job.conversations} conversations.`;
  if (job.state === 'failed') return `${what} failed: ${job.error ?? 'unknown error'}`;
  return `${what}: ${job.processed} of ${job.total}…`;
}

/**
 * Settings › Tags (E1): admins rename, recolour or delete a tag for every client. A confirmation
 * says how many clients and conversations it touches; the change runs in the background with a
 * progress bar (tag events), other tag edits wait meanwhile, and every open screen follows.
 */
@Component({
  selector: 'pl-tags-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <div class="page">
      <h1>Tags</h1>
      <p class="hint">One set of tags for clients and conversations. Renaming, recolouring or deleting one changes it for every client; it runs in the background.</p>
      @if (job(); as j) {
        <section class="job" aria-live="polite" data-testid="tag-job">
          <p data-testid="tag-job-text">{{ sentence(j) }}</p>
          <mat-progress-bar [mode]="'determinate'" [value]="percent(j)" aria-label="Tag change progress" data-testid="tag-job-progress" />
        </section>
      }
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the tags" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Retry</button></p>
      } @else {
        <ul class="list" aria-label="Tags">
          @for (t of tags(); track t.id) {
            <li data-testid="admin-tag" [attr.data-tag]="t.name">
              @if (editing() === t.id) {
                <form class="edit" (submit)="$event.preventDefault(); askUpdate(t)">
                  <mat-form-field subscriptSizing="dynamic">
                    <mat-label>Name</mat-label>
                    <input matInput name="name" [(ngModel)]="draftName" maxlength="60" data-testid="tag-name-input" />
                  </mat-form-field>
                  <label class="color">Colour <input type="color" name="color" [(ngModel)]="draftColor" data-testid="tag-color-input" /></label>
                  <button mat-flat-button type="submit" [disabled]="busy()" data-testid="tag-save">Save</button>
                  <button mat-button type="button" (click)="editing.set(null)">Cancel</button>
                </form>
              } @else {
                <span class="chip" [style.background]="t.color" [style.color]="textColor(t.color)" data-testid="admin-tag-name">{{ t.name }}</span>
                <span class="spacer"></span>
                <button mat-button type="button" [disabled]="locked()" (click)="edit(t)" [attr.aria-label]="'Edit tag ' + t.name" data-testid="tag-edit">Edit</button>
                <button mat-button type="button" [disabled]="locked() || busy()" (click)="askDelete(t)" [attr.aria-label]="'Delete tag ' + t.name" data-testid="tag-delete">Delete</button>
              }
            </li>
          } @empty {
            <li class="hint">No tags yet. Operators with the "Create tags" right create them in the client panel.</li>
          }
        </ul>
      }
      @if (pending(); as p) {
        <section class="confirm" role="alertdialog" aria-labelledby="confirm-title" data-testid="tag-confirm">
          <h2 id="confirm-title">{{ p.kind === 'delete' ? 'Delete “' + p.tag.name + '”?' : 'Change “' + p.tag.name + '”?' }}</h2>
          <p data-testid="tag-confirm-text">
            This touches {{ p.clients }} {{ p.clients === 1 ? 'client' : 'clients' }} and {{ p.conversations }} {{ p.conversations === 1 ? 'conversation' : 'conversations' }}. It runs in the
            background and may take a while; other tag edits wait until it finishes.
          </p>
          <button mat-flat-button type="button" [disabled]="busy()" (click)="confirm(p)" data-testid="tag-confirm-ok">{{ p.kind === 'delete' ? 'Delete for everyone' : 'Change for everyone' }}</button>
          <button mat-button type="button" (click)="pending.set(null)">Cancel</button>
        </section>
      }
      @if (error(); as e) {
        <p class="error" role="alert" data-testid="tags-error">{{ e }}</p>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 720px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 8px; }
    .hint { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .list li { display: flex; gap: 8px; align-items: center; }
    .chip { padding: 2px 10px; border-radius: 12px; overflow-wrap: anywhere; }
    .spacer { flex: 1; }
    .edit { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .color { display: inline-flex; gap: 6px; align-items: center; }
    .confirm, .job { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 12px; }
    .job p { margin: 0 0 8px; }
    .error { color: var(--mat-sys-error); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagsPage {
  private readonly api = inject(ApiClient);
  private readonly events = inject(TagEventsStore);

  private readonly catalog = signal<Tag[]>([]);
  protected readonly tags = computed(() => this.events.apply(this.catalog()));
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly error = signal('');
  protected readonly busy = signal(false);
  protected readonly editing = signal<string | null>(null);
  protected readonly pending = signal<Pending | null>(null);
  protected readonly job = signal<TagJob | null>(null);
  protected readonly locked = computed(() => this.job()?.state === 'running');
  protected draftName = '';
  protected draftColor = '#000000';
  protected readonly textColor = tagTextColor;
  protected readonly sentence = jobSentence;

  constructor() {
    const off = this.events.listen((e) => {
      if (e.job && (!this.job() || this.job()?.id === e.job.id || e.job.state === 'running')) this.job.set(e.job);
      if (e.kind === 'tag_created' && e.tag) {
        const tag = e.tag;
        this.catalog.update((list) => (list.some((t) => t.id === tag.id) ? list : [...list, tag].sort((a, b) => a.name.localeCompare(b.name))));
      }
    });
    inject(DestroyRef).onDestroy(off);
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      const data = await this.api.request(AdminTagsDocument);
      this.catalog.set(data.tags);
      if (data.runningTagJob) this.job.set(data.runningTagJob);
    } catch (e) {
      this.loadError.set(`The tags could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  protected percent(job: TagJob): number {
    if (job.state !== 'running') return 100;
    return job.total ? Math.round((100 * job.processed) / job.total) : 0;
  }

  protected edit(tag: Tag): void {
    this.draftName = tag.name;
    this.draftColor = tag.color;
    this.error.set('');
    this.editing.set(tag.id);
  }

  protected async askUpdate(tag: Tag): Promise<void> {
    const name = normalizeTagName(this.draftName);
    const color = this.draftColor.toLowerCase();
    const problem = tagNameError(name) ?? tagColorError(color);
    if (problem) return this.error.set(`${problem}.`);
    if (name === tag.name && color === tag.color) return this.error.set('Nothing to change: give a new name or colour.');
    await this.ask(tag, 'update', name === tag.name ? null : name, color === tag.color ? null : color);
  }

  protected askDelete(tag: Tag): Promise<void> {
    return this.ask(tag, 'delete', null, null);
  }

  private async ask(tag: Tag, kind: Pending['kind'], name: string | null, color: string | null): Promise<void> {
    this.error.set('');
    this.busy.set(true);
    try {
      const { tagImpact } = await this.api.request(TagImpactDocument, { tagId: tag.id });
      this.pending.set({ tag, kind, name, color, clients: tagImpact.clients, conversations: tagImpact.conversations });
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async confirm(p: Pending): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const job =
        p.kind === 'delete'
          ? (await this.api.request(DeleteTagDocument, { input: { tagId: p.tag.id } })).deleteTag
          : (await this.api.request(UpdateTagDocument, { input: { tagId: p.tag.id, name: p.name, color: p.color } })).updateTag;
      this.job.set(job);
      this.pending.set(null);
      this.editing.set(null);
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof GraphqlRequestError && (e.code === ErrorCode.BadUserInput || e.code === ErrorCode.TagJobRunning || e.code === ErrorCode.Forbidden) ? e.message : describeError(e);
}
