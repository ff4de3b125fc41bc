import { randomUUID } from 'node:crypto';
import {
  ANONYMOUS_CONTACT_COLOR,
  ANONYMOUS_CONTACT_NAME,
  contactAvatar,
  contactDisplayName,
  contactIdRangeOfCode,
  isAnonymousContact,
  PSEUDONYM_ANIMALS,
  PSEUDONYM_COLOURS,
  pseudonymSearch,
  visitorPseudonym,
} from './contact-name';

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastWithWhite(hex: string): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05);
}

describe('visitorPseudonym', () => {
  const id = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';

  it('is an adjective, an animal and the first four hex digits of the id', () => {
    const p = visitorPseudonym(id)!;
    expect(p.code).toBe('4F2A');
    expect(p.name).toBe(`${p.adjective} ${p.animal} #4F2A`);
    expect(PSEUDONYM_COLOURS.map(([a]) => a)).toContain(p.adjective);
    expect(PSEUDONYM_ANIMALS).toContain(p.animal);
    expect(p.color).toBe(PSEUDONYM_COLOURS.find(([a]) => a === p.adjective)![1]);
  });

  it('is stable: the same id always gives the same name, whatever its case or surrounding spaces', () => {
    const first = visitorPseudonym(id);
    for (let i = 0; i < 5; i++) expect(visitorPseudonym(id)).toEqual(first);
    expect(visitorPseudonym(id.toUpperCase())).toEqual(first);
    expect(visitorPseudonym(`  ${id} `)).toEqual(first);
    // a pinned value: a change of the lists or the hash would rename every visitor, so it must be deliberate
    expect(first!.name).toMatchInlineSnapshot(`"Ruby Seal #4F2A"`);
  });

  it('spreads 20,000 random ids over the adjectives, the animals and the names', () => {
    const n = 20_000;
    const adjectives = new Map<string, number>();
    const animals = new Map<string, number>();
    const names = new Set<string>();
    for (let i = 0; i < n; i++) {
      const p = visitorPseudonym(randomUUID())!;
      adjectives.set(p.adjective, (adjectives.get(p.adjective) ?? 0) + 1);
      animals.set(p.animal, (animals.get(p.animal) ?? 0) + 1);
      names.add(p.name);
    }
    expect(adjectives.size).toBe(PSEUDONYM_COLOURS.length);
    expect(animals.size).toBe(PSEUDONYM_ANIMALS.length);
    for (const count of adjectives.values()) expect(Math.abs(count - n / PSEUDONYM_COLOURS.length)).toBeLessThan((n / PSEUDONYM_COLOURS.length) * 0.15);
    for (const count of animals.values()) expect(Math.abs(count - n / PSEUDONYM_ANIMALS.length)).toBeLessThan((n / PSEUDONYM_ANIMALS.length) * 0.2);
    // 512 word pairs × 65,536 codes ≈ 33.5 M names: 20,000 random ids are expected to collide
    // n²/2N ≈ 6 times (Poisson); 40 would mean a badly skewed hash, and never happens by chance
    expect(names.size).toBeGreaterThan(n - 40);
  });

  it('gives two visitors with the same code different names most of the time', () => {
    let same = 0;
    for (let i = 0; i < 2000; i++) {
      const a = visitorPseudonym(`abcd${randomUUID().slice(4)}`)!;
      const b = visitorPseudonym(`abcd${randomUUID().slice(4)}`)!;
      expect(a.code).toBe('ABCD');
      if (a.name === b.name) same++;
    }
    expect(same).toBeLessThan(20);
  });

  it('has no name for a missing, empty, blank or non-string id', () => {
    expect(visitorPseudonym(null)).toBeNull();
    expect(visitorPseudonym(undefined)).toBeNull();
    expect(visitorPseudonym('')).toBeNull();
    expect(visitorPseudonym('   ')).toBeNull();
    expect(visitorPseudonym({} as unknown as string)).toBeNull();
  });

  it('still names an id that is not a UUID, with a four-digit code from the hash', () => {
    const p = visitorPseudonym('not-a-uuid')!;
    expect(p.code).toMatch(/^[0-9A-F]{4}$/);
    expect(visitorPseudonym('not-a-uuid')).toEqual(p);
    expect(visitorPseudonym('not-a-uuid-2')!.name).not.toBe(p.name);
  });

  it('uses avatar colours white initials can be read on (WCAG AA)', () => {
    for (const [, color] of PSEUDONYM_COLOURS) expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite(ANONYMOUS_CONTACT_COLOR)).toBeGreaterThanOrEqual(4.5);
    expect(new Set(PSEUDONYM_COLOURS.map(([, c]) => c)).size).toBe(PSEUDONYM_COLOURS.length);
  });
});

describe('contactDisplayName', () => {
  const id = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';
  const pseudonym = visitorPseudonym(id)!.name;

  it('shows the pseudonym of an anonymous contact', () => {
    expect(contactDisplayName({ id, name: null, email: null, phone: null })).toBe(pseudonym);
    expect(contactDisplayName({ id, name: '  ', email: '', phone: null })).toBe(pseudonym);
    expect(isAnonymousContact({ id, name: ' ' })).toBe(true);
  });

  it('is replaced by the real name, else the e-mail, else the phone', () => {
    expect(contactDisplayName({ id, name: '  Maria   Nowak ', email: 'm@x.test' })).toBe('Maria Nowak');
    expect(contactDisplayName({ id, name: null, email: 'm@x.test', phone: '+48 600' })).toBe('m@x.test');
    expect(contactDisplayName({ id, phone: '+48 600 100 200' })).toBe('+48 600 100 200');
    expect(isAnonymousContact({ id, email: 'm@x.test' })).toBe(false);
  });

  it('falls back to "Visitor" without a contact or id', () => {
    expect(contactDisplayName(null)).toBe(ANONYMOUS_CONTACT_NAME);
    expect(contactDisplayName(undefined)).toBe(ANONYMOUS_CONTACT_NAME);
    expect(contactDisplayName({ id: '' })).toBe(ANONYMOUS_CONTACT_NAME);
  });
});

describe('contactAvatar', () => {
  const id = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';
  const p = visitorPseudonym(id)!;

  it('shows the pseudonym initials on the colour the name says', () => {
    expect(contactAvatar({ id })).toEqual({ initials: p.adjective[0] + p.animal[0], color: p.color });
  });

  it('keeps the colour when the name becomes known, with the name initials', () => {
    expect(contactAvatar({ id, name: 'maria anna nowak' })).toEqual({ initials: 'MN', color: p.color });
    expect(contactAvatar({ id, name: '(Jan)' })).toEqual({ initials: 'J', color: p.color });
    expect(contactAvatar({ id, email: 'jan@x.test' })).toEqual({ initials: 'J', color: p.color });
    expect(contactAvatar({ id, phone: '+48 600' })).toEqual({ initials: '4', color: p.color });
    expect(contactAvatar({ id, name: '!!!' })).toEqual({ initials: '?', color: p.color });
  });

  it('is neutral without an id', () => {
    expect(contactAvatar(null)).toEqual({ initials: '?', color: ANONYMOUS_CONTACT_COLOR });
  });
});

describe('pseudonymSearch and contactIdRangeOfCode', () => {
  it('reads the full pseudonym, in any case', () => {
    expect(pseudonymSearch('Teal Otter #4F2A')).toEqual({ code: '4F2A', adjective: 'Teal', animal: 'Otter' });
    expect(pseudonymSearch('  teal   otter 4f2a ')).toEqual({ code: '4F2A', adjective: 'Teal', animal: 'Otter' });
  });

  it('reads a bare "#code" and "Visitor #code"', () => {
    expect(pseudonymSearch('#4f2a')).toEqual({ code: '4F2A', adjective: null, animal: null });
    expect(pseudonymSearch('Visitor #4F2A')).toEqual({ code: '4F2A', adjective: null, animal: null });
  });

  it('leaves ordinary searches alone', () => {
    for (const q of ['cafe', 'beef', 'Teal Otter', 'Blue Otter #4F2A', 'Teal Unicorn #4F2A', '#4F2', '#4F2AB', '#XYZW', '', null, undefined, 'a'.repeat(100)]) {
      expect(pseudonymSearch(q)).toBeNull();
    }
  });

  it('gives the id range of a code, and the range holds exactly the ids with that code', () => {
    const [lo, hi] = contactIdRangeOfCode('4f2a')!;
    expect(lo).toBe('4f2a0000-0000-0000-0000-000000000000');
    expect(hi).toBe('4f2affff-ffff-ffff-ffff-ffffffffffff');
    const inside = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';
    expect(inside >= lo && inside <= hi).toBe(true);
    expect(contactIdRangeOfCode('4F2')).toBeNull();
    expect(contactIdRangeOfCode("4f2a'; drop")).toBeNull();
    expect(contactIdRangeOfCode(undefined as unknown as string)).toBeNull();
  });
});
