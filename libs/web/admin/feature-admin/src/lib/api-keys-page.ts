import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { API_KEY_NAME_MAX, ErrorCode } from '@parley/shared/contracts';
import { ApiKey, ApiKeyScope, ApiKeysService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

/** "read and write", "read", "write". */
export function scopesText(scopes: readonly string[]): string {
  return scopes.length ? scopes.join(' and ') : 'none';
}

/**
 * Settings › API keys (issue #15): admins create named keys scoped read and/or write for a shop's
 * server — the key is shown once, with Copy and a warning (the server keeps only its hash) — see
 * when each was last used, and revoke them (refused at once). Other admins' changes show live.
 */
@Component({
  selector: 'pl-api-keys-page',
  imports: [DatePipe, FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <div class="page">
      <h1>API keys</h1>
      <p class="hint">
        A shop's server uses a key for the GraphQL API and the REST endpoints (e.g. <code>PUT /api/v1/visitors/:id/cart</code>), sent as
        <code>Authorization: Bearer prl_…</code>. Read keys run queries; write keys change data too. Each key is limited in requests per second.
      </p>

      <form class="create" (submit)="$event.preventDefault(); create()" data-testid="api-key-form" aria-labelledby="create-title">
        <h2 id="create-title">New key</h2>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Name</mat-label>
          <input matInput name="name" [(ngModel)]="name" [maxlength]="nameMax" placeholder="e.g. Shop server" data-testid="api-key-name" [attr.aria-invalid]="nameError() ? true : null" aria-describedby="api-key-name-error" />
        </mat-form-field>
        @if (nameError(); as e) {
          <p class="error" id="api-key-name-error" role="alert" data-testid="api-key-name-error">{{ e }}</p>
        }
        <fieldset class="scopes" aria-describedby="api-key-scopes-error">
          <legend>Scopes</legend>
          <mat-checkbox name="read" [(ngModel)]="read" data-testid="api-key-read">Read (queries)</mat-checkbox>
          <mat-checkbox name="write" [(ngModel)]="write" data-testid="api-key-write">Write (mutations, cart and contact updates)</mat-checkbox>
        </fieldset>
        @if (scopesError(); as e) {
          <p class="error" id="api-key-scopes-error" role="alert" data-testid="api-key-scopes-error">{{ e }}</p>
        }
        <div><button mat-flat-button type="submit" [disabled]="busy()" data-testid="api-key-create">Create key</button></div>
      </form>

      @if (created(); as c) {
        <section class="created" role="status" aria-live="polite" data-testid="api-key-created">
          <h2>Key “{{ c.name }}” created</h2>
          <p class="warning" data-testid="api-key-warning"><strong>Copy it now: it will not be shown again.</strong> Parley keeps only its fingerprint; if it is lost, revoke it and create another.</p>
          <div class="secret">
            <code data-testid="api-key-secret" aria-label="The new API key">{{ c.key }}</code>
            <button mat-stroked-button type="button" (click)="copy(c.key)" data-testid="api-key-copy">{{ copied() ? 'Copied' : 'Copy' }}</button>
            <button mat-button type="button" (click)="created.set(null)" data-testid="api-key-done">Done</button>
          </div>
        </section>
      }

      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the API keys" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Retry</button></p>
      } @else {
        <table class="keys" aria-label="API keys">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            @for (k of keys(); track k.id) {
              <tr data-testid="api-key-row" [attr.data-key]="k.name" [class.revoked]="!!k.revokedAt">
                <td>{{ k.name }}</td>
                <td><code>{{ k.prefix }}…</code></td>
                <td data-testid="api-key-scopes">{{ scopes(k.scopes) }}</td>
                <td>{{ k.createdAt | date: 'medium' }}@if (k.createdByName) { · {{ k.createdByName }} }</td>
                <td data-testid="api-key-last-used">{{ k.lastUsedAt ? (k.lastUsedAt | date: 'medium') : 'Never' }}</td>
                <td data-testid="api-key-status">@if (k.revokedAt) { Revoked {{ k.revokedAt | date: 'medium' }}@if (k.revokedByName) { by {{ k.revokedByName }} } } @else { Active }</td>
                <td>
                  @if (!k.revokedAt) {
                    <button mat-button type="button" [disabled]="busy()" (click)="revoke(k)" [attr.aria-label]="'Revoke API key ' + k.name" data-testid="api-key-revoke">Revoke</button>
                  }
                </td>
              </tr>
            } @empty {
              <tr><td colspan="7" class="hint" data-testid="api-keys-empty">No API keys yet. Create one above for your shop's server.</td></tr>
            }
          </tbody>
        </table>
      }
      @if (error(); as e) {
        <p class="error" role="alert" data-testid="api-keys-error">{{ e }}</p>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 960px; display: flex; flex-direction: column; gap: 16px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 8px; }
    .hint { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .create, .created { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
    .scopes { border: 0; padding: 0; margin: 0; display: flex; gap: 16px; flex-wrap: wrap; }
    .scopes legend { padding: 0; margin-bottom: 4px; }
    .secret { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .secret code { padding: 6px 8px; border-radius: 4px; background: var(--mat-sys-surface-container-high); overflow-wrap: anywhere; user-select: all; }
    .warning { margin: 0; color: var(--mat-sys-error); }
    .keys { border-collapse: collapse; width: 100%; }
    .keys th, .keys td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: middle; }
    .revoked { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); margin: 0; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly service = inject(ApiKeysService);
  private readonly confirmer = inject(Confirmer);
  private readonly clipboard = inject(Clipboard);

  protected readonly keys = signal<ApiKey[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly error = signal('');
  protected readonly nameError = signal('');
  protected readonly scopesError = signal('');
  protected readonly busy = signal(false);
  protected readonly created = signal<{ name: string; key: string } | null>(null);
  protected readonly copied = signal(false);
  protected readonly nameMax = API_KEY_NAME_MAX;
  protected readonly scopes = scopesText;
  protected name = '';
  protected read = true;
  protected write = false;

  constructor() {
    // another admin's create or revoke: refetch (the list is small)
    const off = this.service.changes(() => void this.load(false));
    inject(DestroyRef).onDestroy(off);
    void this.load();
  }

  async load(spinner = true): Promise<void> {
    if (spinner) this.loading.set(true);
    this.loadError.set('');
    try {
      this.keys.set(await this.service.list());
    } catch (e) {
      this.loadError.set(`The API keys could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(): Promise<void> {
    const name = this.name.trim();
    const scopes: ApiKeyScope[] = [...(this.read ? (['read'] as const) : []), ...(this.write ? (['write'] as const) : [])];
    this.nameError.set(name ? '' : 'Give the key a name, e.g. the shop it is for.');
    this.scopesError.set(scopes.length ? '' : 'Choose read, write or both.');
    this.error.set('');
    if (!name || !scopes.length) return;
    this.busy.set(true);
    try {
      const c = await this.service.create(name, scopes);
      this.created.set({ name: c.apiKey.name, key: c.key });
      this.copied.set(false);
      this.keys.update((list) => [c.apiKey, ...list.filter((k) => k.id !== c.apiKey.id)]);
      this.name = '';
      this.read = true;
      this.write = false;
    } catch (e) {
      if (e instanceof GraphqlRequestError && e.code === ErrorCode.BadUserInput) {
        const field = e.errors[0]?.extensions?.['field'];
        (field === 'scopes' ? this.scopesError : this.nameError).set(e.message);
      } else this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected copy(key: string): void {
    this.copied.set(this.clipboard.copy(key));
  }

  protected async revoke(k: ApiKey): Promise<void> {
    const ok = await this.confirmer.ask({
      title: `Revoke “${k.name}”?`,
      message: `Requests with ${k.prefix}… are refused from now on, in every server. This cannot be undone: the shop will need a new key.`,
      confirmLabel: 'Revoke',
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const revoked = await this.service.revoke(k.id);
      this.keys.update((list) => list.map((x) => (x.id === revoked.id ? revoked : x)));
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }
}
