import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Clock } from '@parley/web/shared/util';
import { Message } from '@parley/web/shared/data-access';
import { messageTime } from '@parley/web/shared/util';
import { authorLabel, contactName, statusLabel } from '@parley/web/inbox/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';
import { MessageAttachments } from '@parley/web/inbox/ui';

/** `/history/:conversationId`: a read-only transcript of every message. */
@Component({
  selector: 'pl-transcript-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, MessageAttachments],
  providers: [ThreadStore],
  template: `
    <section class="page" aria-labelledby="transcript-title">
      <header class="page-header">
        <a mat-button routerLink="/history" aria-label="Back to the history">‹ History</a>
        <h1 id="transcript-title">Transcript · {{ title() }}</h1>
        @if (store.conversation(); as c) {
          <span class="muted">{{ c.channel.name }} · {{ statusLabel(c.status) }}</span>
          <a mat-button [routerLink]="['/inbox', c.id]">Open in the inbox</a>
        }
      </header>
      @if (store.loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the transcript" />
      }
      @if (store.error(); as error) {
        <div class="banner error" role="alert">{{ error }}</div>
      }
      @if (store.hasMore()) {
        <button mat-button type="button" (click)="store.loadEarlier(200)" [disabled]="store.loadingEarlier()">
          {{ store.loadingEarlier() ? 'Loading…' : 'Load earlier messages' }}
        </button>
      }
      <ol class="transcript" aria-label="Messages" data-testid="transcript">
        @for (m of store.messages(); track m.id) {
          <li data-testid="transcript-message" [attr.data-seq]="m.seq">
            <span class="meta"><strong class="author">{{ author(m) }}</strong>&ngsp;<time [attr.datetime]="m.createdAt">{{ time(m.createdAt) }}</time></span>
            @if (m.body) {
              <p class="body">{{ m.body }}</p>
            }
            @if (m.attachments?.length) {
              <pl-message-attachments [attachments]="m.attachments" />
            }
          </li>
        }
      </ol>
    </section>
  `,
  styles: `
    :host { display: block; height: 100dvh; overflow: auto; }
    .page { max-width: 820px; margin: 0 auto; padding: 12px 16px 32px; }
    .page-header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    h1 { font: var(--mat-sys-title-large); margin: 0; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .transcript { list-style: none; padding: 0; margin: 16px 0; display: flex; flex-direction: column; gap: 12px; }
    .meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 8px; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .body { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .banner.error { padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TranscriptPage {
  readonly conversationId = input.required<string>();
  protected readonly store = inject(ThreadStore);
  private readonly clock = inject(Clock);
  protected readonly title = computed(() => contactName(this.store.conversation()));
  protected readonly statusLabel = statusLabel;

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => void this.store.open(id));
    });
  }

  protected author(m: Message): string {
    return authorLabel(m, this.store.conversation());
  }

  protected time(iso: string): string {
    return messageTime(iso, this.clock.now());
  }
}
