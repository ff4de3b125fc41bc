import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { CatalogueFeed, CatalogueFeedRejectionPage, CatalogueFeedRun, CatalogueFeedsService, FeedUploadError } from '@parley/web/admin/data-access';
import { feedNameError, FeedSource, feedUrlError } from '@parley/shared/contracts';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

type Field = 'name' | 'url' | 'scheduleHours' | 'source' | 'file';
const FIELDS: readonly Field[] = ['name', 'url', 'scheduleHours', 'source', 'file'];

interface Draft {
  id: string | null;
  name: string;
  source: FeedSource;
  url: string;
  /** '' : never. */
  scheduleHours: string;
}

export const SCHEDULES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Only when I press Import now' },
  { value: '1', label: 'Every hour' },
  { value: '3', label: 'Every 3 hours' },
  { value: '6', label: 'Every 6 hours' },
  { value: '12', label: 'Every 12 hours' },
  { value: '24', label: 'Every day' },
  { value: '168', label: 'Every week' },
];

const ACTIVE = new Set(['queued', 'running']);
const FORMATS: Record<string, string> = { yml: 'YML (Yandex Market)', google: 'Google Merchant' };

/** "12.3 MB", "512 KB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The progress bar's percentage: bytes read of the total when known, else null (indeterminate). */
export function runPercent(run: Pick<CatalogueFeedRun, 'state' | 'bytesRead' | 'bytesTotal'>): number | null {
  if (run.state === 'done') return 100;
  if (!run.bytesTotal) return null;
  return Math.min(100, Math.round((run.bytesRead / run.bytesTotal) * 100));
}

/** The server's words for the form: a field's error under that field, anything else above the buttons. */
function serverError(e: unknown): { field: Field | null; message: string } {
  if (e instanceof GraphqlRequestError) {
    const field = e.errors[0]?.extensions?.['field'];
    if (typeof field === 'string' && (FIELDS as readonly string[]).includes(field)) return { field: field as Field, message: e.message };
    if (e.message && ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'].includes(e.code)) return { field: null, message: e.message };
  }
  if (e instanceof FeedUploadError) return { field: 'file', message: e.message };
  return { field: null, message: describeError(e) };
}

/**
 * Settings › Catalogue (SPEC E10): the workspace's catalogue feeds — YML or Google Merchant XML,
 * fetched by the server from a URL (optionally every N hours) or uploaded as a file. "Import now"
 * queues an import whose progress moves live (bytes read of the feed's size, offers read so far),
 * then its figures: created, updated, rejected, made inactive; the rejected offers are listed with
 * their reasons. The server validates (a URL to a private network is refused) and its words
 * appear under the field.
 */
@Component({
  selector: 'pl-catalogue-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  template: `
    <div class="page">
      <h1>Catalogue</h1>
      <p class="hint">Import your products from your shop's XML feed — YML (Yandex Market Language) or a Google Merchant feed. A new import updates the same products; offers gone from the feed become inactive.</p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the feeds" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Try again</button></p>
      } @else {
        @if (!feeds().length) {
          <p class="empty" data-testid="feeds-empty">No feeds yet. Add your shop's feed below: its address (e.g. https://shop.example/yml.xml), or upload the XML file.</p>
        }
        <ul class="feeds" aria-label="Catalogue feeds">
          @for (f of feeds(); track f.id) {
            <li class="feed" data-testid="catalogue-feed" [attr.data-feed]="f.name">
              <div class="head">
                <span class="name">{{ f.name }}</span>
                <span class="meta">
                  {{ f.source === 'url' ? f.url : f.uploadName ? 'Uploaded file ' + f.uploadName : 'Uploaded file (none yet)' }}
                  @if (f.lastRun?.format ?? f.format; as format) {
                    · {{ formatLabel(format) }}
                  }
                  @if (f.scheduleHours) {
                    · every {{ f.scheduleHours === 1 ? 'hour' : f.scheduleHours + ' hours' }}
                  }
                </span>
              </div>
              @if (f.lastRun; as run) {
                <div class="run" data-testid="feed-run" [attr.data-state]="run.state">
                  @if (active(run)) {
                    @if (percent(run); as p) {
                      <mat-progress-bar mode="determinate" [value]="p" [attr.aria-valuenow]="p" aria-label="Import progress" data-testid="feed-progress" />
                    } @else {
                      <mat-progress-bar mode="indeterminate" aria-label="Import progress" data-testid="feed-progress" />
                    }
                    <p class="status" role="status" data-testid="feed-run-status">
                      {{ run.state === 'queued' ? 'Waiting to start…' : 'Importing… ' + run.offersSeen + ' offers read' + (run.bytesTotal ? ' (' + bytes(run.bytesRead) + ' of ' + bytes(run.bytesTotal) + ')' : run.bytesRead ? ' (' + bytes(run.bytesRead) + ')' : '') }}
                    </p>
                  } @else if (run.state === 'failed') {
                    <p class="error" role="alert" data-testid="feed-run-error">Import failed: {{ run.error }}</p>
                  }
                  @if (!active(run) || run.offersSeen) {
                    <p class="figures" data-testid="feed-run-figures">
                      {{ run.state === 'done' ? 'Last import' : run.state === 'failed' ? 'Before it stopped' : 'So far' }}: {{ run.offersCreated }} new, {{ run.offersUpdated }} updated, {{ run.offersUnchanged }} unchanged, {{ run.offersRejected }} rejected{{ run.state === 'done' ? ', ' + run.productsDeactivated + ' made inactive' : '' }}
                      @if (run.finishedAt) {
                        · {{ when(run.finishedAt) }}
                      }
                    </p>
                  }
                  @if (run.offersRejected && !active(run)) {
                    @if (openRejections() === run.id) {
                      <button mat-button type="button" (click)="closeRejections()" data-testid="feed-rejections-hide">Hide rejected offers</button>
                      <ul class="rejections" aria-label="Rejected offers" data-testid="feed-rejections">
                        @for (r of rejections()?.items ?? []; track r.seq) {
                          <li data-testid="feed-rejection">
                            <span class="offer">{{ r.offerId ? 'Offer ' + r.offerId : 'An offer without an id' }}</span>
                            <span class="line">line {{ r.line }}</span>
                            <span class="reason">{{ r.reason }}</span>
                          </li>
                        }
                      </ul>
                      @if (rejections()?.pageInfo?.hasNextPage) {
                        <button mat-button type="button" (click)="moreRejections(run.id)" data-testid="feed-rejections-more">Show more</button>
                      }
                      @if ((rejections()?.totalCount ?? 0) > 1000) {
                        <p class="hint">The first 1000 of {{ rejections()?.totalCount }} rejected offers are kept.</p>
                      }
                    } @else {
                      <button mat-button type="button" (click)="showRejections(run.id)" data-testid="feed-rejections-show">Show {{ run.offersRejected }} rejected {{ run.offersRejected === 1 ? 'offer' : 'offers' }}</button>
                    }
                  }
                </div>
              } @else {
                <p class="hint">Not imported yet.</p>
              }
              <div class="actions">
                @if (f.source === 'url' || f.uploadName) {
                  <button mat-flat-button type="button" (click)="importNow(f)" [disabled]="!!(f.lastRun && active(f.lastRun))" data-testid="feed-import">Import now</button>
                }
                @if (f.source === 'upload') {
                  <label class="upload">
                    <input type="file" accept=".xml,.yml,application/xml,text/xml" (change)="uploadFor(f, $event)" [disabled]="!!(f.lastRun && active(f.lastRun))" data-testid="feed-upload" />
                    <span>{{ f.uploadName ? 'Upload a new file' : 'Upload the file' }}</span>
                  </label>
                }
                <button mat-button type="button" (click)="edit(f)" [attr.aria-label]="'Edit ' + f.name" data-testid="feed-edit">Edit</button>
                <button mat-button type="button" (click)="remove(f)" [attr.aria-label]="'Delete ' + f.name" data-testid="feed-delete">Delete</button>
              </div>
              @if (rowErrors()[f.id]; as e) {
                <p class="error" role="alert" data-testid="feed-error">{{ e }}</p>
              }
            </li>
          }
        </ul>

        <form class="form" (ngSubmit)="save()" (keydown.escape)="reset()" data-testid="feed-form" aria-labelledby="feed-form-title" novalidate>
          <h2 id="feed-form-title">{{ draft().id ? 'Change “' + editingName() + '”' : 'Add a feed' }}</h2>
          <mat-form-field appearance="outline" class="wide">
            <mat-label>Name</mat-label>
            <input matInput name="name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event }, 'name')" maxlength="100" autocomplete="off" data-testid="feed-name" />
          </mat-form-field>
          @if (errors()['name']; as e) {
            <p class="error" role="alert" data-testid="feed-error-name">{{ e }}</p>
          }
          <mat-form-field appearance="outline">
            <mat-label>Source</mat-label>
            <mat-select name="source" [ngModel]="draft().source" (ngModelChange)="patch({ source: $event }, 'source')" [disabled]="!!draft().id" data-testid="feed-source">
              <mat-option value="url">Fetched from an address (URL)</mat-option>
              <mat-option value="upload">An XML file I upload</mat-option>
            </mat-select>
          </mat-form-field>
          @if (draft().source === 'url') {
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Feed address</mat-label>
              <input matInput name="url" type="url" [ngModel]="draft().url" (ngModelChange)="patch({ url: $event }, 'url')" placeholder="https://shop.example/feed.xml" autocomplete="off" spellcheck="false" data-testid="feed-url" />
              <mat-hint>A YML or Google Merchant XML feed on the internet (the server fetches it).</mat-hint>
            </mat-form-field>
            @if (errors()['url']; as e) {
              <p class="error" role="alert" data-testid="feed-error-url">{{ e }}</p>
            }
            <mat-form-field appearance="outline">
              <mat-label>Re-import</mat-label>
              <mat-select name="scheduleHours" [ngModel]="draft().scheduleHours" (ngModelChange)="patch({ scheduleHours: $event }, 'scheduleHours')" data-testid="feed-schedule">
                @for (s of schedules; track s.value) {
                  <mat-option [value]="s.value">{{ s.label }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            @if (errors()['scheduleHours']; as e) {
              <p class="error" role="alert" data-testid="feed-error-scheduleHours">{{ e }}</p>
            }
          } @else if (!draft().id) {
            <label class="upload">
              <input type="file" accept=".xml,.yml,application/xml,text/xml" (change)="pick($event)" data-testid="feed-file" />
              <span>{{ file()?.name ?? 'Choose the XML file' }}</span>
            </label>
            @if (errors()['file']; as e) {
              <p class="error" role="alert" data-testid="feed-error-file">{{ e }}</p>
            }
          }
          @if (error(); as e) {
            <p class="error" role="alert" data-testid="feed-form-error">{{ e }}</p>
          }
          <div class="row">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="feed-save">{{ draft().id ? 'Save' : 'Add feed' }}</button>
            @if (draft().id) {
              <button mat-button type="button" (click)="reset()">Cancel</button>
            }
          </div>
          @if (saved(); as s) {
            <p class="ok" role="status" data-testid="feed-saved">{{ s }}</p>
          }
        </form>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 860px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 8px 0; }
    .hint, .meta, .figures, .status, .empty { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .feeds, .rejections { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
    .feed { display: flex; flex-direction: column; gap: 6px; padding: 12px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .name { font: var(--mat-sys-title-small); }
    .meta { overflow-wrap: anywhere; }
    .run { display: flex; flex-direction: column; gap: 4px; }
    .rejections li { display: grid; grid-template-columns: minmax(120px, auto) 70px 1fr; gap: 8px; padding: 2px 0; }
    .rejections .line { color: var(--mat-sys-on-surface-variant); }
    .actions, .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .upload { display: inline-flex; gap: 8px; align-items: center; cursor: pointer; }
    .form { display: flex; flex-direction: column; gap: 4px; }
    .wide { width: 100%; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CataloguePage {
  private readonly service = inject(CatalogueFeedsService);
  private readonly confirmer = inject(Confirmer);
  protected readonly schedules = SCHEDULES;
  protected readonly feeds = signal<CatalogueFeed[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly errors = signal<Partial<Record<Field, string>>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly rowErrors = signal<Record<string, string>>({});
  protected readonly saved = signal<string | null>(null);
  protected readonly draft = signal<Draft>(this.blank());
  protected readonly editingName = signal('');
  protected readonly file = signal<File | null>(null);
  protected readonly openRejections = signal<string | null>(null);
  protected readonly rejections = signal<CatalogueFeedRejectionPage | null>(null);
  private readonly anyActive = computed(() => this.feeds().some((f) => f.lastRun && ACTIVE.has(f.lastRun.state)));

  constructor() {
    const off = this.service.events((e) => {
      if (e.kind === 'run_progress' && e.run) this.applyRun(e.run);
      else void this.load(false);
    });
    // a lost event (a reconnect) is caught up: while an import runs the list is read again now and then
    const timer = setInterval(() => this.anyActive() && void this.load(false), 5000);
    inject(DestroyRef).onDestroy(() => {
      off();
      clearInterval(timer);
    });
    void this.load();
  }

  protected readonly active = (run: CatalogueFeedRun) => ACTIVE.has(run.state);
  protected readonly percent = (run: CatalogueFeedRun) => runPercent(run);
  protected readonly bytes = formatBytes;
  protected readonly formatLabel = (f: string) => FORMATS[f] ?? f;
  protected readonly when = (iso: string) => new Date(iso).toLocaleString();

  protected async load(spinner = true): Promise<void> {
    if (spinner) this.loading.set(true);
    this.loadError.set(null);
    try {
      this.feeds.set(await this.service.list());
    } catch (e) {
      if (spinner) this.loadError.set(`The feeds could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  /** A run's newer figures replace the feed's last run (an older run's late event does not). */
  private applyRun(run: CatalogueFeedRun): void {
    let known = false;
    this.feeds.update((list) =>
      list.map((f) => {
        if (f.id !== run.feedId) return f;
        known = true;
        const last = f.lastRun;
        if (last && last.id !== run.id && last.createdAt > run.createdAt) return f;
        if (last && last.id === run.id && !ACTIVE.has(last.state) && ACTIVE.has(run.state)) return f;
        return { ...f, lastRun: run };
      }),
    );
    if (!known) void this.load(false);
    if (!ACTIVE.has(run.state) && this.openRejections() === run.id) void this.showRejections(run.id);
  }

  protected patch(change: Partial<Draft>, field: Field): void {
    this.draft.update((d) => ({ ...d, ...change }));
    this.errors.update((e) => ({ ...e, [field]: undefined }));
    this.error.set(null);
    this.saved.set(null);
  }

  protected pick(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
    this.errors.update((e) => ({ ...e, file: undefined }));
  }

  protected edit(f: CatalogueFeed): void {
    this.editingName.set(f.name);
    this.draft.set({ id: f.id, name: f.name, source: f.source as FeedSource, url: f.url ?? '', scheduleHours: f.scheduleHours ? String(f.scheduleHours) : '' });
    this.errors.set({});
    this.error.set(null);
    this.saved.set(null);
  }

  protected reset(): void {
    this.draft.set(this.blank());
    this.file.set(null);
    this.errors.set({});
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    const d = this.draft();
    const local: Partial<Record<Field, string>> = {};
    const nameError = feedNameError(d.name);
    if (nameError) local.name = nameError;
    if (d.source === FeedSource.url) {
      const urlError = feedUrlError(d.url);
      if (urlError) local.url = urlError;
    } else if (!d.id && !this.file()) local.file = 'Choose the XML file to upload';
    if (Object.keys(local).length) {
      this.errors.set(local);
      return;
    }
    this.busy.set(true);
    this.errors.set({});
    this.error.set(null);
    const scheduleHours = d.source === FeedSource.url && d.scheduleHours ? Number(d.scheduleHours) : null;
    try {
      if (d.id) {
        const saved = await this.service.update({ id: d.id, name: d.name.trim(), ...(d.source === FeedSource.url ? { url: d.url.trim(), scheduleHours } : {}) });
        this.saved.set(`“${saved.name}” saved.`);
      } else {
        const created = await this.service.create({ name: d.name.trim(), source: d.source, ...(d.source === FeedSource.url ? { url: d.url.trim(), scheduleHours } : {}) });
        const file = this.file();
        if (file) {
          try {
            await this.service.upload(created.id, file);
          } catch (e) {
            this.rowErrors.update((r) => ({ ...r, [created.id]: serverError(e).message }));
          }
        }
        this.saved.set(file ? `“${created.name}” added; its import has started.` : `“${created.name}” added. Press Import now to read it.`);
      }
      this.draft.set(this.blank());
      this.file.set(null);
      await this.load(false);
    } catch (e) {
      const { field, message } = serverError(e);
      if (field) this.errors.set({ [field]: message });
      else this.error.set(message);
    } finally {
      this.busy.set(false);
    }
  }

  protected async importNow(f: CatalogueFeed): Promise<void> {
    this.rowErrors.update((r) => ({ ...r, [f.id]: '' }));
    try {
      this.applyRun(await this.service.importNow(f.id));
    } catch (e) {
      this.rowErrors.update((r) => ({ ...r, [f.id]: serverError(e).message }));
    }
  }

  protected async uploadFor(f: CatalogueFeed, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.rowErrors.update((r) => ({ ...r, [f.id]: '' }));
    try {
      this.applyRun(await this.service.upload(f.id, file));
      await this.load(false);
    } catch (e) {
      this.rowErrors.update((r) => ({ ...r, [f.id]: serverError(e).message }));
    } finally {
      input.value = '';
    }
  }

  protected async remove(f: CatalogueFeed): Promise<void> {
    const ok = await this.confirmer.ask({
      title: `Delete “${f.name}”?`,
      message: 'The feed and its import history go. The products it imported stay in the catalogue (orders may refer to them).',
      confirmLabel: 'Delete feed',
    });
    if (!ok) return;
    try {
      await this.service.remove(f.id);
      this.saved.set(`“${f.name}” deleted.`);
      if (this.draft().id === f.id) this.reset();
      await this.load(false);
    } catch (e) {
      this.rowErrors.update((r) => ({ ...r, [f.id]: serverError(e).message }));
    }
  }

  protected async showRejections(runId: string): Promise<void> {
    this.openRejections.set(runId);
    try {
      this.rejections.set(await this.service.rejections(runId));
    } catch (e) {
      this.rejections.set(null);
      this.error.set(describeError(e));
    }
  }

  protected async moreRejections(runId: string): Promise<void> {
    const page = this.rejections();
    if (!page?.pageInfo.endCursor) return;
    const next = await this.service.rejections(runId, page.pageInfo.endCursor);
    this.rejections.set({ ...next, items: [...page.items, ...next.items] });
  }

  protected closeRejections(): void {
    this.openRejections.set(null);
    this.rejections.set(null);
  }

  private blank(): Draft {
    return { id: null, name: '', source: FeedSource.url, url: '', scheduleHours: '' };
  }
}
