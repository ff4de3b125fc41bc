/** Reconnect delays: 0.5 s doubling up to 10 s, with jitter so many widgets do not reconnect in step. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Fraction (0..1) of the delay that is randomised away: delay ∈ ((1 - jitter)·d, d]. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, factor: 2, jitter: 0.3 };

/** Delay before reconnect attempt number `attempt` (0 for the first retry). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // Cap the exponent so huge attempt counts cannot overflow to Infinity.
  const raw = options.initialMs * Math.pow(options.factor, Math.min(n, 30));
  const capped = Math.min(options.maxMs, raw);
  let r = random();
  if (!(r >= 0 && r <= 1)) r = 0.5; // NaN or out-of-range random source
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(capped * (1 - jitter * r));
}
