/**
 * Pure helpers of the inbox benchmark: a seeded PRNG, the shape of the generated data and CSV
 * quoting. No I/O here, so they are unit-tested (data.spec.ts).
 */

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID from the PRNG (v4 layout), so a run is reproducible and cheap. */
export function uuidFrom(next: () => number): string {
  const hex = (n: number) => Math.floor(next() * 16 ** n).toString(16).padStart(n, '0');
  const variant = (8 + Math.floor(next() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** CSV field (COPY … WITH (FORMAT csv)): quoted when needed; null → empty unquoted. */
export function csv(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

export type Status = 'queued' | 'open' | 'pending' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/** Status mix of a mature workspace: most conversations are closed; a small live queue. */
export function pickStatus(r: number): Status {
  if (r < 0.02) return 'queued';
  if (r < 0.1) return 'open';
  if (r < 0.15) return 'pending';
  return 'closed';
}

export function pickPriority(r: number): Priority {
  if (r < 0.05) return 'low';
  if (r < 0.85) return 'normal';
  if (r < 0.95) return 'high';
  return 'urgent';
}

/** Unread (an operator has not read the newest message): every queued chat, some open and pending ones. */
export function isUnread(status: Status, r: number): boolean {
  if (status === 'queued') return true;
  if (status === 'open') return r < 0.3;
  if (status === 'pending') return r < 0.1;
  return false;
}

/** Messages per conversation: `total` spread evenly, plus `longCount` conversations with `longLength` (the history bench). */
export function messagesFor(index: number, conversations: number, total: number, longCount: number, longLength: number): number {
  if (index < longCount) return longLength;
  const rest = Math.max(0, total - longCount * longLength);
  const others = Math.max(1, conversations - longCount);
  const base = Math.floor(rest / others);
  const extra = rest % others;
  return Math.max(1, base + (index - longCount < extra ? 1 : 0));
}

/** Words that search looks for, at known rates per message (the rest is a 5,000-word vocabulary). */
export const MARKERS = [
  { word: 'zebrawood', rate: 0.00001 },
  { word: 'invoice', rate: 0.0005 },
  { word: 'refund', rate: 0.005 },
] as const;

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'de', 'ga', 'vo', 'ze', 'bu', 'fi', 'ho', 'ju', 'xa', 'wy'];

/** A vocabulary of `size` pseudo-words (2–3 syllables), fixed for a seed. */
export function vocabulary(size: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(next() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** A message body of 4–14 words; each marker appears at its rate. */
export function body(words: readonly string[], next: () => number): string {
  const n = 4 + Math.floor(next() * 11);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[Math.floor(next() * words.length)]);
  for (const m of MARKERS) if (next() < m.rate) out.splice(Math.floor(next() * out.length), 0, m.word);
  return out.join(' ');
}

/** Keyset cursor of the API (libs/api/platform/graphql cursor.ts): base64url of `iso|id`. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}
