import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subject } from 'rxjs';
import { SessionStore } from '@parley/web/shared/data-access';
import { InboxEvent } from '@parley/web/shared/data-access';
import { INBOX_EVENTS } from '@parley/web/shared/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';

const RESUBSCRIBE_DELAY_MS = 3_000;

/**
 * The one `inboxEvent` subscription of a session. Provided by the workspace shell, so it starts
 * with the shell after login and ends with it (logout also closes the socket).
 */
@Injectable()
export class LiveUpdates {
  private readonly realtime = inject(RealtimeClient);
  private readonly session = inject(SessionStore);
  private unsubscribe: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  readonly events = new Subject<InboxEvent>();
  /**
   * Bumps each time the server says the subscription is in place (first connection and every
   * reconnection): what a list fetched before it holds may be stale, one fetched after it misses nothing.
   */
  readonly subscriptions = signal(0);
  readonly connected = this.realtime.connected;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.stop();
      this.events.complete();
    });
  }

  start(): void {
    if (this.unsubscribe || this.destroyed) return;
    this.unsubscribe = this.realtime.subscribe<{ inboxEvent: Omit<InboxEvent, 'conversation'> & { conversation: InboxEvent['conversation'] | null } }>(INBOX_EVENTS, {
      next: ({ inboxEvent }) => {
        if (inboxEvent.kind === 'subscribed') this.subscriptions.update((n) => n + 1);
        else if (inboxEvent.conversation) this.events.next({ ...inboxEvent, conversation: inboxEvent.conversation });
      },
      error: () => {
        this.unsubscribe = null;
        if (this.destroyed || !this.session.isAuthenticated()) return;
        this.retryTimer = setTimeout(() => this.start(), RESUBSCRIBE_DELAY_MS);
      },
    });
  }

  private stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
