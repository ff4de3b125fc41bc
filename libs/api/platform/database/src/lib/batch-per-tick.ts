/**
 * Coalesces single-row lookups into batched calls — for paths that run once per socket, where a
 * reconnecting crowd of widgets would otherwise make thousands of round trips a second.
 *
 * The first call waits for the event loop's check phase (setImmediate), so all the socket frames
 * read in one poll phase share a batch. While `maxConcurrent` batches are running, new calls wait
 * and go out together when one finishes: under light load a call is answered at once, under heavy
 * load batches grow instead of round trips multiplying (the way MessageBatchWriter shares commits).
 *
 * No caching: every call sees the database as it is now. Keys may repeat within a batch, so `batch`
 * must answer each position; an Error answer fails that call alone, a thrown error every call of the batch.
 */
export class BatchLoader<K, V> {
  private queue: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
    private readonly options: { maxBatchSize: number; maxConcurrent: number },
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxConcurrent || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length && this.inFlight < this.options.maxConcurrent) {
      const calls = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight++;
      void this.run(calls).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(calls: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }>): Promise<void> {
    let answers: ReadonlyArray<V | Error>;
    try {
      answers = await this.batch(calls.map((c) => c.key));
      if (answers.length !== calls.length) throw new Error(`batch answered ${answers.length} of ${calls.length} keys`);
    } catch (e) {
      calls.forEach((c) => c.reject(e));
      return;
    }
    calls.forEach((c, i) => {
      const a = answers[i];
      if (a instanceof Error) c.reject(a);
      else c.resolve(a);
    });
  }
}

/** A BatchLoader with the defaults of the socket paths: batches of up to 1000, two at a time. */
export function batchPerTick<K, V>(batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>, maxBatchSize = 1000, maxConcurrent = 2): BatchLoader<K, V> {
  return new BatchLoader<K, V>(batch, { maxBatchSize, maxConcurrent });
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
