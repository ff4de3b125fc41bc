/**
 * SPEC B3 for every channel kind set up through the generic channel form: the group a channel's
 * new conversations go to is kept in its settings under this key, beside the kind's own fields,
 * written by the channel admin API (after the adapter validated its fields, so no adapter has to
 * know it) and read by the inbound flow.
 */
export const ROUTING_GROUP_KEY = 'routingGroupId';

export function routingGroupOf(settings: unknown): string | null {
  const v = settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[ROUTING_GROUP_KEY] : undefined;
  return typeof v === 'string' && v ? v : null;
}
