import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { Notifier } from './notifier';

/** Top bar: the operator's own sound / browser-notification switches (SPEC A7). */
@Component({
  selector: 'pl-notification-menu',
  imports: [MatButtonModule, MatMenuModule],
  providers: [Notifier],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-button
      type="button"
      class="bell"
      [matMenuTriggerFor]="menu"
      data-testid="notification-menu"
      [attr.aria-label]="label()"
      [attr.title]="label()"
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
        @if (!notifier.soundEnabled() && !notifier.pushEnabled()) {
          <path d="M3 3 21 21" stroke="currentColor" stroke-width="2" />
        }
      </svg>
    </button>
    <mat-menu #menu="matMenu" xPosition="before">
      <button
        mat-menu-item
        role="menuitemcheckbox"
        data-testid="toggle-sound"
        [attr.aria-checked]="notifier.soundEnabled()"
        [disabled]="notifier.saving()"
        (click)="notifier.setSound(!notifier.soundEnabled())"
      >
        <span class="check" aria-hidden="true">{{ notifier.soundEnabled() ? '✓' : '' }}</span>Sound for new chats and messages
      </button>
      <button
        mat-menu-item
        role="menuitemcheckbox"
        data-testid="toggle-push"
        [attr.aria-checked]="pushOn()"
        [disabled]="notifier.saving()"
        (click)="notifier.setPush(!pushOn())"
      >
        <span class="check" aria-hidden="true">{{ pushOn() ? '✓' : '' }}</span>Browser notifications
      </button>
      @if (notifier.pushEnabled() && notifier.permission() !== 'granted' && notifier.permission() !== 'unsupported') {
        <p class="note">Turn browser notifications on here to allow them in this browser.</p>
      }
    </mat-menu>
    @if (notifier.error(); as error) {
      <span class="error" role="alert" data-testid="notification-error">{{ error }}</span>
    }
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 4px; }
    .bell { min-width: 40px; }
    .check { display: inline-block; width: 1.4em; }
    .note { margin: 4px 16px 8px; max-width: 16rem; font-size: 12px; color: #555; }
    .error { font-size: 12px; color: #b3261e; max-width: 16rem; }
  `,
})
export class NotificationMenu {
  protected readonly notifier = inject(Notifier);
  /** On only when the operator wants it and the browser allows it. */
  protected readonly pushOn = computed(() => this.notifier.pushEnabled() && this.notifier.permission() === 'granted');
  protected readonly label = computed(() => {
    const parts = [this.notifier.soundEnabled() ? 'sound on' : 'sound off', this.pushOn() ? 'browser notifications on' : 'browser notifications off'];
    return `Notifications: ${parts.join(', ')}`;
  });
}
