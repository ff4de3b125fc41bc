/**
 * Issue #11 (E2, E4, E6): limits and rules of the client card shared by the API and the panel.
 */

/** A note on a client: 1..2000 characters (E6). */
export const CLIENT_NOTE_MAX_LENGTH = 2000;
/** Phones and e-mails one client may have. */
export const CLIENT_CHANNEL_VALUES_MAX = 20;
export const CLIENT_NAME_PART_MAX_LENGTH = 100;
export const CLIENT_ADDRESS_MAX_LENGTH = 500;
export const CLIENT_ADDRESS_PART_MAX_LENGTH = 200;
export const TASK_TITLE_MAX_LENGTH = 200;
export const TASK_DESCRIPTION_MAX_LENGTH = 5000;

/** The parts of a split address, in the order they are written on one line. */
export const ADDRESS_PARTS = ['postalCode', 'country', 'region', 'city', 'metro', 'street', 'house', 'building', 'block', 'entrance', 'floor', 'flat'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/**
 * The seed's rule: these parts can be filled before the address is split, and then they are not
 * linked to the one-line address (editing them leaves it as it is). Once split, every part is
 * linked: the one-line address is composed from them (`composeAddress`).
 */
export const ADDRESS_PARTS_BEFORE_SPLIT: readonly AddressPart[] = ['postalCode', 'city', 'country', 'region', 'metro'];

const PREFIX: Partial<Record<AddressPart, string>> = { metro: 'metro ', building: 'bldg ', block: 'block ', entrance: 'entrance ', floor: 'floor ', flat: 'flat ' };

/** The one-line address of a split one: the filled parts in ADDRESS_PARTS order, comma-separated (house follows its street). */
export function composeAddress(parts: Partial<Record<AddressPart, string | null | undefined>>): string | null {
  const out: string[] = [];
  for (const key of ADDRESS_PARTS) {
    const v = parts[key]?.trim();
    if (!v) continue;
    if (key === 'house' && parts.street?.trim()) out[out.length - 1] += ` ${v}`;
    else out.push(`${PREFIX[key] ?? ''}${v}`);
  }
  return out.length ? out.join(', ') : null;
}

/** The display name a client's name parts compose ("First Middle Last"); null when all are empty. */
export function composeClientName(first?: string | null, middle?: string | null, last?: string | null): string | null {
  const name = [first, middle, last].map((p) => p?.trim()).filter(Boolean).join(' ');
  return name || null;
}
