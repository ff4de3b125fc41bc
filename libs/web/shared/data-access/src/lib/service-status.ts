import { Injectable, computed, signal } from '@angular/core';

/**
 * Whether Parley's server said it cannot reach its database or Redis (UNAVAILABLE, retriable):
 * while a request is being retried the app shows "Service unavailable, retrying…".
 */
@Injectable({ providedIn: 'root' })
export class ServiceStatus {
  private readonly retrying = signal(0);
  /** True while at least one request waits to be sent again after an UNAVAILABLE answer. */
  readonly unavailable = computed(() => this.retrying() > 0);

  /** Marks one request as retrying; call the returned function once it succeeded or gave up. */
  retry(): () => void {
    this.retrying.update((n) => n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.retrying.update((n) => Math.max(0, n - 1));
    };
  }
}
