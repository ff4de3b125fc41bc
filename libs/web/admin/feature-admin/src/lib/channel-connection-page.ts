import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ErrorCode } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { ChannelAdminDocument, AcquisitionOptionsDocument, ChannelKindsDocument, CheckChannelConnectionDocument, CreateChannelDocument, DeleteChannelDocument, GroupNamesDocument, SyncMessageTemplatesDocument, UpdateChannelDocument } from '@parley/web/admin/data-access';
import { HasUnsavedChanges } from './admin-guards';
import { FieldValue, formValues, settingsFromForm, SettingsField, shownFields } from './channel-connection-form';
import { serverFieldErrors } from './webchat-form';

interface Loaded {
  kind: string;
  kindName: string;
  webhooks: boolean;
  fields: SettingsField[];
  /** Null while a new channel is being set up. */
  channelId: string | null;
  stored: Record<string, unknown>;
  secretsSet: string[];
  webhookUrl: string | null;
  details: Array<{ label: string; value: string }>;
  /** Replies only for a while after the client wrote (WhatsApp): outside it approved templates go, which the admin syncs. */
  replyWindow: boolean;
}

/**
 * Issue #10: `/admin/channels/new/:kind` and `/admin/channels/:channelId/connection` — the one
 * form for every channel kind served through the generic channel API (e-mail, Telegram,
 * WhatsApp): its fields come from the kind's adapter, secrets are write-only (left empty they are
 * kept), the webhook URL to give the provider is shown with a copy button, and "Check connection"
 * asks the provider now.
 */
@Component({
  selector: 'pl-channel-connection-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule, RouterLink],
  template: `
    <a mat-button routerLink="/admin/channels">← Channels</a>
    @if (loaded(); as l) {
      <h1>{{ l.channelId ? name || l.kindName : 'New ' + l.kindName + ' channel' }}</h1>
    } @else {
      <h1>Channel</h1>
    }
    @if (busy()) {
      <mat-progress-bar mode="indeterminate" aria-label="Working" />
    }
    @if (error()) {
      <p class="error" role="alert" data-testid="channel-error">{{ error() }}</p>
    }
    @if (loaded(); as l) {
      <form (ngSubmit)="save()" (input)="dirty.set(true)" aria-label="Channel settings">
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput name="name" [(ngModel)]="name" required maxlength="100" data-testid="field-name" />
          <mat-hint>How operators see this channel in the inbox.</mat-hint>
        </mat-form-field>
        @if (fieldErrors()['name']) {
          <p class="field-error" role="alert">{{ fieldErrors()['name'] }}</p>
        }

        @for (f of shown(l); track f.key) {
          @switch (f.type) {
            @case ('boolean') {
              <mat-checkbox [name]="f.key" [(ngModel)]="values[f.key]" (change)="dirty.set(true)" [attr.data-testid]="'field-' + f.key">{{ f.label }}</mat-checkbox>
              @if (f.hint) {
                <p class="hint">{{ f.hint }}</p>
              }
            }
            @case ('select') {
              <mat-form-field appearance="outline">
                <mat-label>{{ f.label }}</mat-label>
                <mat-select [name]="f.key" [(ngModel)]="values[f.key]" (selectionChange)="dirty.set(true)" [required]="f.required" [attr.data-testid]="'field-' + f.key">
                  @for (o of f.options; track o.value) {
                    <mat-option [value]="o.value">{{ o.label }}</mat-option>
                  }
                </mat-select>
                @if (f.hint) {
                  <mat-hint>{{ f.hint }}</mat-hint>
                }
              </mat-form-field>
            }
            @default {
              <mat-form-field appearance="outline">
                <mat-label>{{ f.label }}</mat-label>
                <input
                  matInput
                  [name]="f.key"
                  [type]="inputType(f)"
                  [(ngModel)]="values[f.key]"
                  [required]="f.required && !(f.type === 'secret' && l.secretsSet.includes(f.key))"
                  [placeholder]="placeholder(f, l)"
                  [attr.autocomplete]="f.type === 'secret' ? 'new-password' : 'off'"
                  [attr.aria-invalid]="fieldErrors()[f.key] ? 'true' : null"
                  [attr.data-testid]="'field-' + f.key"
                />
                @if (f.hint) {
                  <mat-hint>{{ f.hint }}</mat-hint>
                }
              </mat-form-field>
            }
          }
          @if (fieldErrors()[f.key]) {
            <p class="field-error" role="alert" [attr.data-testid]="'error-' + f.key">{{ fieldErrors()[f.key] }}</p>
          }
        }

        <mat-form-field appearance="outline">
          <mat-label>Route to group</mat-label>
          <mat-select name="groupId" [(ngModel)]="groupId" (selectionChange)="dirty.set(true)" data-testid="field-groupId">
            <mat-option [value]="null">Every agent</mat-option>
            @for (g of groups(); track g.id) {
              <mat-option [value]="g.id">{{ g.name }}</mat-option>
            }
          </mat-select>
          <mat-hint>New conversations of this channel go to this group's agents, as web chats do.</mat-hint>
        </mat-form-field>
        @if (fieldErrors()['groupId']) {
          <p class="field-error" role="alert" data-testid="error-groupId">{{ fieldErrors()['groupId'] }}</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>Tag new clients</mat-label>
          <input matInput name="acquisitionTag" [(ngModel)]="acquisitionTag" maxlength="50" [attr.list]="'channel-tags'" data-testid="field-acquisitionTag" />
          <mat-hint>Every client this channel brings in gets this tag (created when new).</mat-hint>
        </mat-form-field>
        <datalist id="channel-tags">
          @for (t of tags(); track t.id) {
            <option [value]="t.name"></option>
          }
        </datalist>
        @if (fieldErrors()['acquisitionTag']) {
          <p class="field-error" role="alert" data-testid="error-acquisitionTag">{{ fieldErrors()['acquisitionTag'] }}</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>Owner of new clients</mat-label>
          <mat-select name="acquisitionOwnerId" [(ngModel)]="acquisitionOwnerId" (selectionChange)="dirty.set(true)" data-testid="field-acquisitionOwnerId">
            <mat-option [value]="null">Nobody</mat-option>
            @for (o of owners(); track o.id) {
              <mat-option [value]="o.id">{{ o.displayName }}</mat-option>
            }
          </mat-select>
          <mat-hint>A client without an owner gets this operator.</mat-hint>
        </mat-form-field>
        @if (fieldErrors()['acquisitionOwnerId']) {
          <p class="field-error" role="alert" data-testid="error-acquisitionOwnerId">{{ fieldErrors()['acquisitionOwnerId'] }}</p>
        }

        @if (l.channelId) {
          <mat-checkbox name="active" [(ngModel)]="active" (change)="dirty.set(true)" data-testid="field-active">Active — receive and send messages</mat-checkbox>
        }

        @for (d of l.details; track d.label) {
          <section class="webhook" [attr.aria-label]="d.label">
            <h2>{{ d.label }}</h2>
            <code data-testid="channel-detail">{{ d.value }}</code>
            <button mat-button type="button" (click)="copy(d.value)">{{ copied() ? 'Copied' : 'Copy' }}</button>
          </section>
        }
        @if (l.webhookUrl) {
          <section class="webhook" aria-label="Webhook URL">
            <h2>Webhook URL</h2>
            <p>The provider sends this channel's messages here. Parley registers it by itself where the provider allows; otherwise paste it into the provider's settings.</p>
            <code data-testid="webhook-url">{{ l.webhookUrl }}</code>
            <button mat-button type="button" (click)="copy(l.webhookUrl)">{{ copied() ? 'Copied' : 'Copy' }}</button>
          </section>
        } @else if (!l.channelId && l.webhooks) {
          <p class="hint">The webhook URL is shown once the channel is saved.</p>
        }

        @if (sync(); as s) {
          <div role="status" data-testid="template-sync">
            <p class="ok">{{ s.stored === 1 ? '1 approved template' : s.stored + ' approved templates' }} stored.</p>
            @if (s.skipped.length) {
              <p>Not usable here:</p>
              <ul>
                @for (x of s.skipped; track x.name + x.language) {
                  <li>{{ x.name }} ({{ x.language }}): {{ x.reason }}</li>
                }
              </ul>
            }
          </div>
        }
        @if (check(); as c) {
          <p [class]="c.ok ? 'ok' : 'error'" role="status" data-testid="connection-check">{{ c.ok ? 'Connected.' : c.message || 'Not connected.' }}</p>
        }

        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="save-channel">{{ l.channelId ? 'Save' : 'Create channel' }}</button>
          @if (l.channelId) {
            <button mat-stroked-button type="button" (click)="checkConnection()" [disabled]="busy()" data-testid="check-connection">Check connection</button>
            @if (l.replyWindow) {
              <button mat-stroked-button type="button" (click)="syncTemplates()" [disabled]="busy()" data-testid="sync-templates">Sync templates</button>
            }
            <button mat-button type="button" class="destructive" (click)="remove()" [disabled]="busy()" data-testid="delete-channel">Delete</button>
          }
        </div>
      </form>
    }
  `,
  styles: `
    :host { display: block; max-width: 640px; }
    h1 { font: var(--mat-sys-headline-small); }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 4px; }
    form { display: flex; flex-direction: column; gap: 4px; }
    mat-form-field { width: 100%; }
    .hint { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .error, .field-error, .destructive { color: var(--mat-sys-error); }
    .field-error { margin: -4px 0 8px; font: var(--mat-sys-body-small); }
    .ok { color: var(--mat-sys-primary); }
    .webhook { margin: 12px 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .webhook code { display: block; overflow-wrap: anywhere; margin: 6px 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelConnectionPage implements HasUnsavedChanges {
  /** Route parameters, bound by the router: `kind` for a new channel, `channelId` for an existing one. */
  readonly kind = input<string>();
  readonly channelId = input<string>();

  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly confirmer = inject(Confirmer);

  protected readonly loaded = signal<Loaded | null>(null);
  protected readonly busy = signal(true);
  protected readonly error = signal('');
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly check = signal<{ ok: boolean; message: string | null } | null>(null);
  protected readonly sync = signal<{ stored: number; skipped: Array<{ name: string; language: string; reason: string }> } | null>(null);
  protected readonly copied = signal(false);
  protected readonly dirty = signal(false);
  protected readonly groups = signal<Array<{ id: string; name: string }>>([]);
  protected groupId: string | null = null;
  protected readonly tags = signal<Array<{ id: string; name: string }>>([]);
  protected readonly owners = signal<Array<{ id: string; displayName: string }>>([]);
  protected acquisitionTag = '';
  protected acquisitionOwnerId: string | null = null;
  protected name = '';
  protected active = true;
  protected values: Record<string, FieldValue> = {};
  private notice = '';

  private readonly target = computed(() => ({ kind: this.kind() ?? null, channelId: this.channelId() ?? null }));

  constructor() {
    // "Saved, but the provider refused …" from the create form that brought the admin here
    const notice = this.router.currentNavigation()?.extras.state?.['notice'];
    if (typeof notice === 'string') this.notice = notice;
    effect(() => {
      const t = this.target();
      untracked(() => void this.load(t.kind, t.channelId));
    });
  }

  hasUnsavedChanges(): boolean {
    return this.dirty();
  }

  /** The kind's fields for the modes chosen now (a select's change shows or hides the fields of its mode). */
  protected shown(l: Loaded): SettingsField[] {
    return shownFields(l.fields, this.values);
  }

  protected inputType(f: SettingsField): string {
    return f.type === 'secret' ? 'password' : f.type === 'number' ? 'number' : f.type === 'email' ? 'email' : f.type === 'url' ? 'url' : 'text';
  }

  protected placeholder(f: SettingsField, l: Loaded): string {
    if (f.type === 'secret' && l.secretsSet.includes(f.key)) return 'Set — leave empty to keep it';
    return f.placeholder ?? '';
  }

  private async load(kind: string | null, channelId: string | null): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const [kinds, view, groups, options] = await Promise.all([
        this.api.request(ChannelKindsDocument),
        channelId ? this.api.request(ChannelAdminDocument, { id: channelId }).then((r) => r.channelAdmin) : Promise.resolve(null),
        this.api.request(GroupNamesDocument).then((r) => r.groups),
        this.api.request(AcquisitionOptionsDocument),
      ]);
      this.groups.set(groups);
      this.tags.set(options.tags);
      this.owners.set(options.operators.filter((o) => o.active || o.id === view?.acquisitionOwnerId));
      const k = kinds.channelKinds.find((x) => x.kind === (view ? view.channel.type : kind));
      if (!k || !k.configurable) {
        this.error.set(`Parley cannot set up channels of kind "${view?.channel.type ?? kind}" here.`);
        return;
      }
      const stored = view ? (JSON.parse(view.settings) as Record<string, unknown>) : {};
      this.loaded.set({
        kind: k.kind,
        kindName: k.displayName,
        webhooks: k.webhooks,
        fields: k.settingsFields,
        channelId: view?.channel.id ?? null,
        stored,
        secretsSet: view?.secretsSet ?? [],
        webhookUrl: view?.webhookUrl ?? null,
        details: view?.details ?? [],
        replyWindow: !!view?.channel.capabilities.replyWindowHours,
      });
      this.acquisitionTag = view?.acquisitionTag ?? '';
      this.acquisitionOwnerId = view?.acquisitionOwnerId ?? null;
      this.name = view?.channel.name ?? '';
      this.active = view?.channel.active ?? true;
      this.groupId = view?.groupId ?? null;
      this.values = formValues(k.settingsFields, stored);
      this.dirty.set(false);
      if (this.notice) this.error.set(this.notice);
      this.notice = '';
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async save(): Promise<void> {
    const l = this.loaded();
    if (!l || this.busy()) return;
    this.error.set('');
    this.check.set(null);
    const errors: Record<string, string> = {};
    if (!this.name.trim()) errors['name'] = 'Give the channel a name';
    // a hidden field (another mode's) is neither checked nor sent: what is stored for it stays
    const built = settingsFromForm(shownFields(l.fields, this.values), this.values, l.stored, l.secretsSet);
    if ('errors' in built) Object.assign(errors, built.errors);
    this.fieldErrors.set(errors);
    if (Object.keys(errors).length || !('settings' in built)) return;
    this.busy.set(true);
    try {
      const settings = JSON.stringify(built.settings);
      const view = l.channelId
        ? (await this.api.request(UpdateChannelDocument, { input: { id: l.channelId, name: this.name.trim(), active: this.active, settings, groupId: this.groupId, acquisitionTag: this.acquisitionTag.trim() || null, acquisitionOwnerId: this.acquisitionOwnerId } })).updateChannel
        : (await this.api.request(CreateChannelDocument, { input: { type: l.kind, name: this.name.trim(), settings, groupId: this.groupId, acquisitionTag: this.acquisitionTag.trim() || null, acquisitionOwnerId: this.acquisitionOwnerId } })).createChannel;
      this.dirty.set(false);
      if (!l.channelId) {
        await this.router.navigate(['/admin/channels', view.channel.id, 'connection']);
        return;
      }
      this.loaded.set({ ...l, stored: JSON.parse(view.settings) as Record<string, unknown>, secretsSet: view.secretsSet, webhookUrl: view.webhookUrl ?? null, details: view.details });
      this.values = formValues(l.fields, JSON.parse(view.settings) as Record<string, unknown>);
    } catch (e) {
      const savedId = savedChannelOf(e);
      if (savedId && !l.channelId) {
        // stored, but the provider refused it (a webhook it could not set): the admin fixes it on the channel's page
        this.dirty.set(false);
        await this.router.navigate(['/admin/channels', savedId, 'connection'], { state: { notice: describeError(e) } });
        return;
      }
      if (savedId) this.dirty.set(false);
      const fields = serverFieldErrors(e);
      const known = Object.fromEntries(Object.entries(fields).filter(([k]) => ['name', 'groupId', 'acquisitionTag', 'acquisitionOwnerId'].includes(k) || l.fields.some((f) => f.key === k)));
      this.fieldErrors.set(known);
      if (!Object.keys(known).length || Object.keys(known).length < Object.keys(fields).length) this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async checkConnection(): Promise<void> {
    const l = this.loaded();
    if (!l?.channelId) return;
    this.busy.set(true);
    this.check.set(null);
    try {
      this.check.set((await this.api.request(CheckChannelConnectionDocument, { id: l.channelId })).checkChannelConnection);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  /** WhatsApp's approved templates read again now (also done on saving the channel); a refusal names the field at fault. */
  protected async syncTemplates(): Promise<void> {
    const l = this.loaded();
    if (!l?.channelId) return;
    this.busy.set(true);
    this.sync.set(null);
    this.error.set('');
    try {
      this.sync.set((await this.api.request(SyncMessageTemplatesDocument, { channelId: l.channelId })).syncMessageTemplates);
    } catch (e) {
      const fields = serverFieldErrors(e);
      this.fieldErrors.set(Object.fromEntries(Object.entries(fields).filter(([k]) => l.fields.some((f) => f.key === k))));
      this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(): Promise<void> {
    const l = this.loaded();
    if (!l?.channelId) return;
    if (!(await this.confirmer.ask({ title: `Delete the channel "${this.name}"?`, message: 'Its messages stop arriving. A channel with conversations cannot be deleted: switch it off instead.', confirmLabel: 'Delete' }))) return;
    this.busy.set(true);
    try {
      await this.api.request(DeleteChannelDocument, { id: l.channelId });
      this.dirty.set(false);
      await this.router.navigate(['/admin/channels']);
    } catch (e) {
      this.error.set(e instanceof GraphqlRequestError && e.code === ErrorCode.Conflict ? e.message : describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied.set(true);
      setTimeout(() => this.copied.set(false), 2000);
    } catch {
      this.error.set('Copying is not allowed here: select the URL and copy it.');
    }
  }
}

/** `extensions.channelId` of "Saved, but the provider refused the connection". */
function savedChannelOf(e: unknown): string | null {
  if (!(e instanceof GraphqlRequestError)) return null;
  const ext = e.errors[0]?.extensions;
  return ext?.['saved'] === true && typeof ext['channelId'] === 'string' ? ext['channelId'] : null;
}
