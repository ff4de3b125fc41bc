import { effect, untracked } from '@angular/core';
import { RealtimeClient } from '@parley/web/shared/data-access';

/**
 * Runs `reload` after each reconnect of the realtime socket (not on the first connection): a
 * change announced while the socket was down was missed, so a store reads its data again.
 * Call it in an injection context (a store's constructor).
 */
export function afterReconnect(realtime: RealtimeClient, reload: () => void): void {
  let seen = realtime.reconnections();
  effect(() => {
    const n = realtime.reconnections();
    if (n === seen) return;
    seen = n;
    untracked(reload);
  });
}
