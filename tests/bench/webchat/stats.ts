/**
 * Pure helpers of the web chat benchmark: percentiles, the open-loop schedule and small
 * formatting. No I/O here, so they are unit-tested (stats.spec.ts).
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    count: arr.length,
    p50: percentile(arr, 50),
    p90: percentile(arr, 90),
    p99: percentile(arr, 99),
    max: arr.length ? arr[arr.length - 1] : NaN,
    mean: arr.length ? sum / arr.length : NaN,
  };
}

/**
 * The open-loop schedule: message k (0-based) of a run at `ratePerSecond` is due at
 * `k * 1000 / ratePerSecond` ms after the start, whatever happened to the earlier ones.
 */
export function totalMessages(ratePerSecond: number, durationMs: number): number {
  return Math.max(0, Math.round((ratePerSecond * durationMs) / 1000));
}

export function intendedAtMs(k: number, ratePerSecond: number): number {
  return (k * 1000) / ratePerSecond;
}

/** How many messages are due by `elapsedMs` (those with intended time ≤ elapsed), capped at the total. */
export function dueBy(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1000 + 1e-9) + 1);
}

/** Round-robin over visitors, so each sends evenly spaced at rate / visitors. */
export function visitorFor(k: number, visitors: number): number {
  return k % visitors;
}

/** Whether an even spread stays within the server's per-socket limit (average rate; the burst absorbs jitter). */
export function perVisitorRate(ratePerSecond: number, visitors: number): number {
  return visitors > 0 ? ratePerSecond / visitors : Infinity;
}

/** Throughput over a window that lasts at least the offered duration (a backlog that drains late lengthens it). */
export function throughput(count: number, startMs: number, lastMs: number | undefined, durationMs: number): number {
  const window = Math.max(durationMs, (lastMs ?? startMs) - startMs);
  return window > 0 ? (count * 1000) / window : 0;
}

export function kbPerConnection(rssBeforeKb: number, rssAfterKb: number, connections: number): number {
  return connections > 0 ? (rssAfterKb - rssBeforeKb) / connections : NaN;
}

/** Batches of at most `size` (for opening sockets a few hundred at a time). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function fmt(n: number, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return '∞';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain-text table: first row is the header; columns padded to the widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (r: readonly string[]) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd();
  const out = rows.map(line);
  if (out.length > 1) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}
