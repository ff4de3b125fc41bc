/** Tag names (SPEC A4, C6), shared by the API and the operator app. Longest name in characters (the `tags.name` CHECK says the same). */
export const TAG_NAME_MAX = 40;

/** A tag name as stored: trimmed, inner whitespace runs collapsed to one space. */
export function normalizeTagName(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
}

/** Why this (normalized) name cannot be a tag, or null when it can. */
export function tagNameError(name: string): string | null {
  if (!name) return 'Enter a tag name';
  if ([...name].length > TAG_NAME_MAX) return `A tag name can be at most ${TAG_NAME_MAX} characters`;
  return null;
}

/** A tag colour as stored: `#rrggbb`, lower case (the `tags.color` CHECK says the same). */
export const TAG_COLOR_PATTERN = /^#[0-9a-f]{6}$/;

/** Pleasant, readable colours a new tag gets one of at random (E1: "the colour is chosen at random"). */
export const TAG_COLORS: readonly string[] = [
  '#e57373', '#f06292', '#ba68c8', '#9575cd', '#7986cb', '#64b5f6', '#4fc3f7', '#4dd0e1',
  '#4db6ac', '#81c784', '#aed581', '#dce775', '#ffd54f', '#ffb74d', '#ff8a65', '#a1887f',
];

export function randomTagColor(random: () => number = Math.random): string {
  return TAG_COLORS[Math.min(TAG_COLORS.length - 1, Math.floor(random() * TAG_COLORS.length))];
}

/** The colour as stored (trimmed, lower case), or an error to show. */
export function tagColorError(color: string): string | null {
  return TAG_COLOR_PATTERN.test(color) ? null : 'A colour is #rrggbb (six hex digits)';
}

/** Black or white text, whichever reads better on this background. */
export function tagTextColor(color: string): string {
  const m = TAG_COLOR_PATTERN.exec(color);
  if (!m) return '#000000';
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1f1f1f' : '#ffffff';
}

/** How a tag matches a list filter with several tags: any of them, or all of them. */
export enum TagMatch {
  any = 'any',
  all = 'all',
}

/** Most tags one list filter takes. */
export const TAG_FILTER_MAX = 20;

/** Rows one statement of a tag job touches (set-based batches, never one statement per row). */
export const TAG_JOB_BATCH = 5000;
