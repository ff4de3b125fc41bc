import { AuditAction, ClientAuditAction } from '@parley/shared/contracts';

/**
 * How the audit log names what its entries point at. The log stores ids (and a snapshot in
 * details); a page resolves every id it shows with one workspace-scoped query per kind of
 * subject (no N+1), and falls back to the snapshot for what is gone.
 *
 * The platform imports no domain code: these are the table names, read-only, in one place.
 */
export const AUDIT_NAME_SOURCES: Readonly<Record<string, string>> = {
  operator: `SELECT id::text AS id, display_name AS name FROM operators WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  group: `SELECT id::text AS id, name FROM operator_groups WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  permission_group: `SELECT id::text AS id, name FROM permission_groups WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  channel: `SELECT id::text AS id, name FROM channels WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  bot_scenario: `SELECT id::text AS id, name FROM bot_scenarios WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  quick_reply: `SELECT id::text AS id, '/' || shortcut AS name FROM quick_replies WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  invitation: `SELECT id::text AS id, email AS name FROM invitations WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  tag: `SELECT id::text AS id, name FROM tags WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  contact: `SELECT id::text AS id, coalesce(name, email, phone) AS name FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  // a conversation is named by its client; soft-deleted ones still exist until purged
  conversation: `SELECT c.id::text AS id, coalesce(ct.name, ct.email, ct.phone) AS name FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id
                 WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`,
  custom_field: `SELECT id::text AS id, name FROM client_custom_fields WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  workspace: `SELECT id::text AS id, name FROM workspaces WHERE id = $1 AND id = ANY($2::uuid[])`,
  catalogue_feed: `SELECT id::text AS id, name FROM product_feeds WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  order_status: `SELECT id::text AS id, name FROM order_statuses WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  payment_type: `SELECT id::text AS id, name FROM payment_types WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
  // issue #15: a key is named by its name (never the key: only its hash is stored)
  api_key: `SELECT id::text AS id, name FROM api_keys WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
};

export interface SubjectRef {
  type: string;
  id: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Ids that an entry's details name besides its target (members, owners, page-rule groups…). */
export function detailRefs(action: string, d: Record<string, unknown>): SubjectRef[] {
  const refs: SubjectRef[] = [];
  const add = (type: string, ...ids: Array<string | null>) => ids.forEach((id) => id && refs.push({ type, id }));
  switch (action) {
    case AuditAction.groupMembersChanged:
      add('operator', ...strings(d['operatorIds']));
      break;
    case AuditAction.permissionGroupMembersChanged:
      add('operator', ...strings(d['added']), ...strings(d['removed']));
      break;
    case AuditAction.channelRoutingChanged: {
      const r = (d['routing'] ?? {}) as { defaultGroupId?: unknown; pageRules?: Array<{ groupId?: unknown }> };
      add('group', str(r.defaultGroupId), ...(Array.isArray(r.pageRules) ? r.pageRules.map((p) => str(p?.groupId)) : []));
      break;
    }
    case AuditAction.channelContactAcquisitionChanged:
      add('operator', str(d['ownerId']));
      break;
    case AuditAction.conversationDeleted:
      add('contact', str(d['contactId']));
      break;
    case AuditAction.conversationMerged:
      add('conversation', str(d['secondaryId']));
      add('contact', str(d['contactId']));
      break;
    case ClientAuditAction.conversationLinked:
      add('conversation', str(d['conversationId']));
      add('contact', str(d['fromContactId']));
      break;
    case ClientAuditAction.contactsMerged:
      add('contact', str(d['mergedId']));
      break;
  }
  return refs;
}

/** The name an entry's details remember for its target (its last known name once the row is gone). */
export function snapshotName(targetType: string, d: Record<string, unknown>): string | null {
  const after = (d['after'] ?? {}) as Record<string, unknown>;
  const before = (d['before'] ?? {}) as Record<string, unknown>;
  switch (targetType) {
    case 'operator':
      return str(d['displayName']) ?? str(d['email']);
    case 'quick_reply':
      return str(d['shortcut']) ? `/${d['shortcut']}` : null;
    case 'invitation':
      return str(d['email']);
    case 'conversation':
      return str(d['contactName']) ?? str(d['contactEmail']);
    case 'channel':
      return str(d['name']) ?? str(d['channel']);
    default:
      return str(d['name']) ?? str(after['name']) ?? str(before['name']);
  }
}

/** The snapshot of a ref's name, where details keep one (the acquisition owner's e-mail). */
export function refSnapshot(action: string, ref: SubjectRef, d: Record<string, unknown>): string | null {
  if (action === AuditAction.channelContactAcquisitionChanged && ref.type === 'operator') return str(d['ownerEmail']);
  if ((action === AuditAction.conversationDeleted || action === AuditAction.conversationMerged) && ref.type === 'contact') return str(d['contactName']) ?? str(d['contactEmail']);
  return null;
}
