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
