import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { ChannelKindsDocument, ChannelsChangedDocument, ChannelsDocument } from '@parley/web/admin/data-access';

interface ChannelRow {
  id: string;
  name: string;
  type: string;
  /** How the kind is named ("Web chat"), from the API's channel adapters. */
  kindName: string;
  publicKey: string;
  active: boolean;
  /** Embeddable kinds (the web chat) have settings of their own here. */
  capabilities: { embeddable: boolean };
}

interface KindRow {
  kind: string;
  displayName: string;
  configurable: boolean;
}

/**
 * `/admin/channels`: the workspace's channels. Web chats open their own settings; e-mail and
 * messenger channels (any kind the API serves through the generic form) open their connection
 * settings, and "Add channel" offers every such kind. Other admins' saves show live.
 */
@Component({
  selector: 'pl-channels-page',
  imports: [MatButtonModule, MatListModule, MatMenuModule, MatProgressBarModule, RouterLink],
  template: `
    <header class="top">
      <h1>Channels</h1>
      @if (addable().length) {
        <button mat-flat-button type="button" [matMenuTriggerFor]="addMenu" data-testid="add-channel">Add channel</button>
        <mat-menu #addMenu="matMenu">
          @for (k of addable(); track k.kind) {
            <a mat-menu-item [routerLink]="['/admin/channels/new', k.kind]" [attr.data-testid]="'add-' + k.kind">{{ k.displayName }}</a>
          }
        </mat-menu>
      }
    </header>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading channels" />
    }
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
    <mat-nav-list aria-label="Channels">
      @for (c of channels(); track c.id) {
        @if (c.capabilities.embeddable) {
          <a mat-list-item [routerLink]="['/admin/channels', c.id]" [attr.data-testid]="'channel-' + c.publicKey">
            <span matListItemTitle>{{ c.name }}</span>
            <span matListItemLine>{{ c.kindName }} · {{ c.publicKey }} · {{ c.active ? 'Active' : 'Inactive' }}</span>
          </a>
        } @else if (configurable(c.type)) {
          <a mat-list-item [routerLink]="['/admin/channels', c.id, 'connection']" [attr.data-testid]="'channel-' + c.publicKey">
            <span matListItemTitle>{{ c.name }}</span>
            <span matListItemLine>{{ c.kindName }} · {{ c.active ? 'Active' : 'Inactive' }}</span>
          </a>
        } @else {
          <mat-list-item>
            <span matListItemTitle>{{ c.name }}</span>
            <span matListItemLine>{{ c.kindName }} · {{ c.active ? 'Active' : 'Inactive' }}</span>
          </mat-list-item>
        }
      } @empty {
        @if (!loading()) {
          <p class="empty">No channels yet. Add one to answer its messages in the inbox.</p>
        }
      }
    </mat-nav-list>
  `,
  styles: `
    :host { display: block; max-width: 720px; }
    .top { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); }
    .error { color: var(--mat-sys-error); }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPage {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  protected readonly channels = signal<ChannelRow[]>([]);
  private readonly kinds = signal<KindRow[]>([]);
  protected readonly addable = signal<KindRow[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal('');

  constructor() {
    void this.load();
    const off = this.realtime.subscribe(ChannelsChangedDocument, { next: () => void this.load(), error: () => undefined });
    inject(DestroyRef).onDestroy(off);
  }

  protected configurable(type: string): boolean {
    return this.kinds().some((k) => k.kind === type && k.configurable);
  }

  private async load(): Promise<void> {
    try {
      const [r, k] = await Promise.all([this.api.request(ChannelsDocument), this.api.request(ChannelKindsDocument)]);
      this.channels.set(r.channels);
      this.kinds.set(k.channelKinds);
      this.addable.set(k.channelKinds.filter((x) => x.configurable));
      this.error.set('');
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }
}
