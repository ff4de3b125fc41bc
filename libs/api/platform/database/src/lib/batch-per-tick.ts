import DataLoader from 'dataloader';

/**
 * Coalesces the single-row lookups made in one turn of the event loop into one batched call —
 * for paths that run once per socket, where a reconnecting crowd of widgets would otherwise make
 * thousands of round trips a second. No caching: every call sees the database as it is now; keys
 * may repeat within a batch, so `batch` must answer each position (an Error fails that call alone).
 *
 * The batch runs in the event loop's check phase (setImmediate), so all the socket frames read in
 * one poll phase share it, not only those of one callback.
 */
export function batchPerTick<K, V>(batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>, maxBatchSize = 1000): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, { cache: false, maxBatchSize, batchScheduleFn: (run) => setImmediate(run) });
}

/** Keys grouped by a part of them (e.g. the workspace), so each group can be one query. */
export function groupBy<K>(keys: readonly K[], groupOf: (k: K) => string): Map<string, K[]> {
  const groups = new Map<string, K[]>();
  for (const k of keys) {
    const g = groupOf(k);
    const list = groups.get(g);
    if (list) list.push(k);
    else groups.set(g, [k]);
  }
  return groups;
}
