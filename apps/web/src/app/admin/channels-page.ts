import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ApiClient } from '../core/api-client';
import { describeError } from '../core/graphql-error';
import { ChannelsDocument } from '../core/generated/graphql';

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

/** `/admin/channels`: the workspace's channels; embeddable ones (web chats) open their settings. */
@Component({
  selector: 'pl-channels-page',
  imports: [MatListModule, MatProgressBarModule, RouterLink],
  template: `
    <h1>Channels</h1>
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
        } @else {
          <mat-list-item>
            <span matListItemTitle>{{ c.name }}</span>
            <span matListItemLine>{{ c.kindName }} · {{ c.active ? 'Active' : 'Inactive' }}</span>
          </mat-list-item>
        }
      } @empty {
        @if (!loading()) {
          <p>No channels yet.</p>
        }
      }
    </mat-nav-list>
  `,
  styles: `
    :host { display: block; max-width: 720px; }
    h1 { font: var(--mat-sys-headline-small); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPage {
  private readonly api = inject(ApiClient);
  protected readonly channels = signal<ChannelRow[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal('');

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const r = await this.api.request(ChannelsDocument);
      this.channels.set(r.channels);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }
}
