/**
 * How a contact is named on every screen, e-mail and search hit (issue #17 item 10), shared by the
 * API and the operator app so both always agree.
 *
 * A contact who told their name shows it; else their e-mail, else their phone; a contact we know
 * nothing about (an anonymous web chat visitor) gets a readable pseudonym derived from the
 * contact id alone — "Teal Otter #4F2A" — and an avatar colour, the colour the name says. Derived,
 * not stored: no migration, no race between API processes, the same name after a reload, and the
 * real name replaces it the moment one is stored (offline form, pre-chat form, `Parley.identify`,
 * the agent editing the contact). The avatar colour comes from the id too, so it stays the same
 * when the name becomes known.
 *
 * The code is the first four hex digits of the (random, v4) UUID, so it is searchable through the
 * primary key index: `contactIdRangeOfCode` gives the id range a code covers. The adjective and
 * animal come from a hash of the whole id, so two visitors with the same code still differ.
 */

export interface NamedContact {
  id?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface VisitorPseudonym {
  /** "Teal Otter #4F2A" */
  name: string;
  /** "4F2A" — four upper-case hex digits. */
  code: string;
  adjective: string;
  animal: string;
  /** Avatar background (white text on it meets WCAG AA, 4.5:1). */
  color: string;
}

export interface ContactAvatar {
  /** One or two upper-case letters (or "?"). */
  initials: string;
  /** Background colour; white text on it meets WCAG AA. */
  color: string;
}

/** Colour adjectives and the avatar colour each one names (dark enough for white initials). */
export const PSEUDONYM_COLOURS: ReadonlyArray<readonly [string, string]> = [
  ['Amber', '#8a5700'],
  ['Azure', '#005a9e'],
  ['Cobalt', '#2747b0'],
  ['Copper', '#9a4416'],
  ['Coral', '#b23b2a'],
  ['Crimson', '#b0103a'],
  ['Emerald', '#047a3f'],
  ['Indigo', '#4334a8'],
  ['Jade', '#00705a'],
  ['Magenta', '#a3146f'],
  ['Olive', '#5a6b0c'],
  ['Plum', '#7a2a6e'],
  ['Ruby', '#9b1b30'],
  ['Slate', '#4a5868'],
  ['Teal', '#00696b'],
  ['Violet', '#6a2fb0'],
];

export const PSEUDONYM_ANIMALS: readonly string[] = [
  'Badger', 'Beaver', 'Bison', 'Crane', 'Dolphin', 'Falcon', 'Fox', 'Gecko',
  'Hedgehog', 'Heron', 'Ibis', 'Jaguar', 'Koala', 'Lemur', 'Lynx', 'Marten',
  'Moose', 'Newt', 'Orca', 'Otter', 'Owl', 'Panda', 'Puffin', 'Raven',
  'Robin', 'Seal', 'Swan', 'Tiger', 'Walrus', 'Wren', 'Yak', 'Zebra',
];

/** Shown (with a neutral colour) when there is no id to derive a name from. */
export const ANONYMOUS_CONTACT_NAME = 'Visitor';
export const ANONYMOUS_CONTACT_COLOR = '#5f6368';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_RE = /^[0-9A-F]{4}$/;
/** Punctuation and symbols an initial is not taken from ("(Anna)" → "A", "+48 600…" → "4"). */
const NOT_INITIAL = /[\s"'`()[\]{}<>.,;:!?@#$%^&*_+=~|\\/-]/;

function firstInitial(word: string): string {
  return (Array.from(word).find((ch) => !NOT_INITIAL.test(ch)) ?? '').toUpperCase();
}

/** 32-bit FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser so every output bit depends on every input bit. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function idOf(id: unknown): string {
  return typeof id === 'string' ? id.trim().toLowerCase() : typeof id === 'number' && Number.isFinite(id) ? String(id) : '';
}

/**
 * The pseudonym of the contact with this id; null when there is no usable id (empty, blank or not
 * a string). Any other string gets a name (a non-UUID id takes its code from the hash).
 */
export function visitorPseudonym(id: string | null | undefined): VisitorPseudonym | null {
  const key = idOf(id);
  if (!key) return null;
  const h = hash32(key);
  // separate bits of the hash: the adjective from the low bits, the animal from the next, the code (non-UUID ids) from the top
  const [adjective, color] = PSEUDONYM_COLOURS[(h & 0xff) % PSEUDONYM_COLOURS.length];
  const animal = PSEUDONYM_ANIMALS[((h >>> 8) & 0xff) % PSEUDONYM_ANIMALS.length];
  const code = UUID_RE.test(key) ? key.slice(0, 4).toUpperCase() : (h >>> 16).toString(16).toUpperCase().padStart(4, '0');
  return { name: `${adjective} ${animal} #${code}`, code, adjective, animal, color };
}

function clean(value: string | null | undefined): string {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
}

/** Whether we know nothing that names this contact (no name, e-mail or phone): they show a pseudonym. */
export function isAnonymousContact(contact: NamedContact | null | undefined): boolean {
  return !clean(contact?.name) && !clean(contact?.email) && !clean(contact?.phone);
}

/** The name to show for a contact: their name, e-mail or phone, else their pseudonym, else "Visitor". */
export function contactDisplayName(contact: NamedContact | null | undefined): string {
  const known = clean(contact?.name) || clean(contact?.email) || clean(contact?.phone);
  if (known) return known;
  return visitorPseudonym(contact?.id)?.name ?? ANONYMOUS_CONTACT_NAME;
}

/** The contact's avatar: initials of what is shown, on the colour derived from the id (stable when the name becomes known). */
export function contactAvatar(contact: NamedContact | null | undefined): ContactAvatar {
  const pseudonym = visitorPseudonym(contact?.id);
  const color = pseudonym?.color ?? ANONYMOUS_CONTACT_COLOR;
  const name = clean(contact?.name);
  if (name) {
    const letters = name.split(' ').map(firstInitial).filter(Boolean);
    const initials = letters.length > 1 ? letters[0] + letters[letters.length - 1] : (letters[0] ?? '');
    return { initials: initials || '?', color };
  }
  const other = clean(contact?.email) || clean(contact?.phone);
  if (other) return { initials: firstInitial(other) || '?', color };
  if (pseudonym) return { initials: pseudonym.adjective[0] + pseudonym.animal[0], color };
  return { initials: '?', color };
}

/**
 * The pseudonym code a search text asks for, when it looks like a pseudonym: "#4F2A",
 * "Teal Otter #4F2A", "teal otter 4f2a", "Visitor #4F2A". The words before the code, if any, must
 * be an adjective and animal of the lists (else it is an ordinary search); they are returned so
 * the caller can keep only the contacts whose full pseudonym matches.
 */
export function pseudonymSearch(query: string | null | undefined): { code: string; adjective: string | null; animal: string | null } | null {
  const text = clean(query);
  if (!text || text.length > 40) return null;
  const m = /^(?:([a-z]+) ([a-z]+) )?#?([0-9a-f]{4})$/i.exec(text) ?? /^visitor #?([0-9a-f]{4})$/i.exec(text);
  if (!m) return null;
  if (m.length === 2) return { code: m[1].toUpperCase(), adjective: null, animal: null };
  const [, adj, ani, code] = m;
  // a bare "cafe" or "beef" is a word, not a code: without the words, only "#CAFE" counts
  if (!adj && !text.startsWith('#')) return null;
  if (!adj) return { code: code.toUpperCase(), adjective: null, animal: null };
  const adjective = PSEUDONYM_COLOURS.find(([a]) => a.toLowerCase() === adj.toLowerCase())?.[0];
  const animal = PSEUDONYM_ANIMALS.find((a) => a.toLowerCase() === ani.toLowerCase());
  if (!adjective || !animal) return null;
  return { code: code.toUpperCase(), adjective, animal };
}

/** The contact ids (UUIDs) whose pseudonym has this code: an inclusive range for an indexed query; null for a bad code. */
export function contactIdRangeOfCode(code: string): readonly [string, string] | null {
  const c = typeof code === 'string' ? code.toUpperCase() : '';
  if (!CODE_RE.test(c)) return null;
  const p = c.toLowerCase();
  return [`${p}0000-0000-0000-0000-000000000000`, `${p}ffff-ffff-ffff-ffff-ffffffffffff`];
}
