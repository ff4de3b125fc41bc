/**
 * Agent tools shared by the API and the operator app (SPEC A8 quick replies, A11 notes with
 * @mentions). Pure functions, no framework.
 */

/** Shortcut of a quick reply: typed after `/` in the composer. Lower-case letters, digits, `-` and `_`. */
export const QUICK_REPLY_SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const MAX_QUICK_REPLY_SHORTCUT_LENGTH = 32;
/** A quick reply's text: at most this many characters (code points), and not blank. */
export const MAX_QUICK_REPLY_LENGTH = 2000;
/** A private note's text: the same limit as a message. */
export const MAX_NOTE_LENGTH = 4000;

/** What `{{…}}` variables in a quick reply can refer to. Missing values become empty text. */
export interface QuickReplyContext {
  client?: { name?: string | null; email?: string | null; phone?: string | null } | null;
  operator?: { name?: string | null } | null;
}

/** The variables a quick reply may use (shown in the management screen). */
export const QUICK_REPLY_VARIABLES = ['client.name', 'client.email', 'client.phone', 'operator.name'] as const;

/**
 * Replaces `{{client.name}}`, `{{client.email}}`, `{{client.phone}}` and `{{operator.name}}`
 * (spaces inside the braces allowed) with the context's values. Unknown variables and missing
 * values become empty text — never "undefined" or "null".
 */
export function fillQuickReply(body: string, ctx: QuickReplyContext): string {
  // `{{client.name|there}}`: the text after `|` stands in when the value is missing or blank
  return body.replace(/\{\{\s*([a-zA-Z]+)\.([a-zA-Z]+)\s*(?:\|([^}]*))?\}\}/g, (_all, scope: string, field: string, fallback?: string) => {
    const source = (ctx as Record<string, Record<string, unknown> | null | undefined>)[scope];
    const value = source && Object.prototype.hasOwnProperty.call(source, field) ? source[field] : undefined;
    const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
    return text.trim() ? text : (fallback ?? '').trim();
  });
}

export interface Mentionable {
  id: string;
  displayName: string;
}

/**
 * The operators mentioned in a note: `@` + an operator's display name (case-insensitive), at the
 * start or after a space/punctuation, followed by the end, a space or punctuation. Longer names
 * win (`@Anna Maria` over `@Anna`). Each operator at most once, in order of first mention.
 */
export function findMentions(body: string, operators: readonly Mentionable[]): string[] {
  const sorted = [...operators].filter((o) => o.displayName.trim().length > 0).sort((a, b) => b.displayName.length - a.displayName.length);
  const found: string[] = [];
  const lower = body.toLowerCase();
  for (let i = lower.indexOf('@'); i !== -1; i = lower.indexOf('@', i + 1)) {
    if (i > 0 && /[\p{L}\p{N}_.]/u.test(lower[i - 1])) continue; // e-mail addresses are not mentions
    const rest = lower.slice(i + 1);
    const hit = sorted.find((o) => {
      const name = o.displayName.toLowerCase();
      if (!rest.startsWith(name)) return false;
      const next = rest.charAt(name.length);
      return next === '' || !/[\p{L}\p{N}_]/u.test(next);
    });
    if (hit && !found.includes(hit.id)) found.push(hit.id);
  }
  return found;
}

/**
 * The mention being typed at the caret: `@` at the start or after whitespace, then up to 30
 * characters without a line break. Returns the text after `@` and where the `@` is, or null.
 */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 30 || /[\n\r]/.test(query) || /\s{2}/.test(query)) return null;
  return { query, start: at };
}

/** The `/shortcut` being typed: only when the composer's text starts with `/` and has no space yet. */
export function quickReplyQuery(text: string): string | null {
  const m = /^\/([a-z0-9_-]{0,32})$/i.exec(text);
  return m ? m[1].toLowerCase() : null;
}
