/**
 * Small pieces of state that several API processes must agree on: who is connected (presence) and
 * rate limits (token buckets). In memory for one process; in Redis when REDIS_URL is set, so a
 * visitor whose socket is on replica A counts as present on replica B, and a limit is one limit
 * whichever replica answers.
 */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** This process holds `key` once more (e.g. one more open socket of a visitor). */
  hold(key: string): void;
  /** This process holds `key` once less; at zero it no longer counts. */
  release(key: string): void;
  /**
   * Whether any process holds `key`. In Redis a process refreshes its holds every
   * PRESENCE_TTL_MS / 3; the holds of a process that died expire after PRESENCE_TTL_MS.
   */
  isHeld(key: string): Promise<boolean>;
  /** Which of `keys` any process holds (one round trip per 500 keys in Redis). */
  whichHeld(keys: readonly string[]): Promise<Set<string>>;
  /** Token bucket of `burst` tokens refilled at `perSecond`: takes one from `key`'s bucket, false when empty. */
  take(key: string, perSecond: number, burst: number): Promise<boolean>;
  close(): Promise<void>;
}

export const SHARED_STATE = Symbol('SHARED_STATE');

/** How long a process's presence entry lives in Redis without a refresh. */
export const PRESENCE_TTL_MS = 60_000;

/** Buckets kept in memory before the oldest are forgotten. */
const MAX_BUCKETS = 50_000;

export class MemorySharedState implements SharedState {
  readonly kind = 'memory' as const;
  private readonly holds = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  hold(key: string): void {
    this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
  }

  release(key: string): void {
    const n = (this.holds.get(key) ?? 0) - 1;
    if (n > 0) this.holds.set(key, n);
    else this.holds.delete(key);
  }

  async isHeld(key: string): Promise<boolean> {
    return this.holds.has(key);
  }

  async whichHeld(keys: readonly string[]): Promise<Set<string>> {
    return new Set(keys.filter((k) => this.holds.has(k)));
  }

  async take(key: string, perSecond: number, burst: number): Promise<boolean> {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  async close(): Promise<void> {
    this.holds.clear();
    this.buckets.clear();
  }
}
