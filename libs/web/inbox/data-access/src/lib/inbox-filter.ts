import { ConversationPriority, TagMatch } from '@parley/shared/contracts';
import type { ConversationFilterInput } from '@parley/web/shared/data-access';
import { Conversation } from '@parley/web/shared/data-access';

/**
 * The filter of the inbox list (`ConversationFilterInput`). Every field is optional and ANDed;
 * a new one (e.g. groupId) comes from the schema (`npm run codegen`), then one line in `matchesFilter`,
 * one control in the bar.
 */
export type InboxFilter = ConversationFilterInput;

/** The filter without empty fields: what is sent, saved and compared. */
export function compactFilter(filter: InboxFilter): InboxFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) if (value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) out[key] = value;
  return out as InboxFilter;
}

export function isFilterEmpty(filter: InboxFilter): boolean {
  return Object.keys(compactFilter(filter)).length === 0;
}

/** Whether a (live) conversation passes the filter; the server applies the same rules to pages. */
export function matchesFilter(c: Conversation, filter: InboxFilter): boolean {
  const f = compactFilter(filter);
  if (f.channelId && c.channel?.id !== f.channelId) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.assigneeId && c.assignee?.id !== f.assigneeId) return false;
  if (f.groupId && c.group?.id !== f.groupId) return false;
  if (f.priority && (c.priority ?? ConversationPriority.normal) !== f.priority) return false;
  // E1: one tag set — a tag on the conversation or on its client counts
  const has = new Set([...(c.tags ?? []), ...(c.contact?.tags ?? [])].map((t) => t.id));
  if (f.tagId && !has.has(f.tagId)) return false;
  const wanted = Array.isArray(f.tagIds) ? f.tagIds : f.tagIds ? [f.tagIds] : [];
  if (wanted.length && !(f.tagMatch === TagMatch.all ? wanted.every((id) => has.has(id)) : wanted.some((id) => has.has(id)))) return false;
  const at = Date.parse(c.lastMessageAt);
  if (f.from && at < Date.parse(f.from)) return false;
  if (f.to && at >= Date.parse(f.to)) return false;
  return true;
}

const PRIORITY_LABELS: Record<ConversationPriority, string> = {
  [ConversationPriority.low]: 'Low',
  [ConversationPriority.normal]: 'Normal',
  [ConversationPriority.high]: 'High',
  [ConversationPriority.urgent]: 'Urgent',
};

export function priorityLabel(priority: ConversationPriority | undefined): string {
  return PRIORITY_LABELS[priority ?? ConversationPriority.normal];
}
