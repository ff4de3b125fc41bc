/**
 * SPEC B3 and C6 for every channel kind set up through the generic channel form: the group a channel's
 * new conversations go to is kept in its settings under this key, beside the kind's own fields,
 * written by the channel admin API (after the adapter validated its fields, so no adapter has to
 * know it) and read by the inbound flow.
 */
export const ROUTING_GROUP_KEY = 'routingGroupId';

export function routingGroupOf(settings: unknown): string | null {
  const v = settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[ROUTING_GROUP_KEY] : undefined;
  return typeof v === 'string' && v ? v : null;
}

/** SPEC C6: the tag (by id, resolved from its name when saved) and owner every contact the channel brings in gets. */
export const ACQUISITION_TAG_KEY = 'acquisitionTagId';
export const ACQUISITION_OWNER_KEY = 'acquisitionOwnerId';

export function coreAcquisitionOf(settings: unknown): { tagId: string | null; ownerId: string | null } {
  const s = settings && typeof settings === 'object' ? (settings as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { tagId: str(s[ACQUISITION_TAG_KEY]), ownerId: str(s[ACQUISITION_OWNER_KEY]) };
}

/** The settings without the keys the channel admin API keeps beside the kind's own fields. */
export function withoutCoreKeys(settings: Record<string, unknown>): Record<string, unknown> {
  const out = { ...settings };
  for (const k of [ROUTING_GROUP_KEY, ACQUISITION_TAG_KEY, ACQUISITION_OWNER_KEY]) delete out[k];
  return out;
}

/** The core keys of `from` laid over `settings` (an edit of the kind's fields keeps them). */
export function withCoreKeysOf(settings: Record<string, unknown>, from: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out = withoutCoreKeys(settings);
  for (const k of [ROUTING_GROUP_KEY, ACQUISITION_TAG_KEY, ACQUISITION_OWNER_KEY]) if (from && typeof from[k] === 'string' && from[k]) out[k] = from[k];
  return out;
}
