import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** "Now", ticking every 30 seconds, so relative times in the list stay current. */
@Injectable({ providedIn: 'root' })
export class Clock {
  readonly now = signal(Date.now());

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
