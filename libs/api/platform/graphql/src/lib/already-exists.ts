import { ErrorCode } from '@parley/shared/contracts';
import { DomainException } from './domain.exception';

/** `extensions.reason` of a CONFLICT that is a duplicate (a unique key), not a concurrent change. */
export const ALREADY_EXISTS = 'ALREADY_EXISTS';

/** A CONFLICT for a value that must be unique and is taken: the message says what exists already. */
export const alreadyExists = (message: string, details?: Record<string, unknown>) =>
  new DomainException(ErrorCode.Conflict, message, { reason: ALREADY_EXISTS, ...(details ?? {}) });

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  driverError?: { code?: string; constraint?: string; detail?: string };
}

/** PostgreSQL unique_violation (23505), as pg or TypeORM's QueryFailedError carries it. */
function uniqueViolation(e: unknown): { constraint: string; value: string | null } | null {
  const err = e as PgErrorLike;
  if (!err || typeof err !== 'object') return null;
  const code = err.code ?? err.driverError?.code;
  if (code !== '23505') return null;
  const constraint = err.constraint ?? err.driverError?.constraint ?? '';
  const detail = err.detail ?? err.driverError?.detail ?? '';
  // "Key (workspace_id, lower(name))=(<uuid>, thx) already exists." → the last value of the key
  const m = /\)=\((.*)\) already exists/.exec(detail);
  const value = m ? (m[1].split(', ').pop() ?? null) : null;
  return { constraint, value };
}

/** The message and field of each unique key an operator can hit; `v` is the taken value when known. */
const BY_CONSTRAINT: Record<string, { field: string; message: (v: string | null) => string }> = {
  quick_replies_shortcut_key: { field: 'shortcut', message: (v) => (v ? `A quick reply with the shortcut /${v} exists already` : 'A quick reply with this shortcut exists already') },
  tags_workspace_name_key: { field: 'name', message: (v) => (v ? `A tag named “${v}” exists already` : 'A tag with this name exists already') },
  operator_groups_name_key: { field: 'name', message: () => 'A group with this name already exists' },
  permission_groups_name_key: { field: 'name', message: () => 'A permission group with this name already exists' },
  saved_filters_operator_name_key: { field: 'name', message: () => 'You already have a saved filter with this name' },
  operators_email_key: { field: 'email', message: () => 'An operator with this e-mail already exists' },
  operators_workspace_email_key: { field: 'email', message: () => 'An operator with this e-mail already exists' },
  invitations_open_email_key: { field: 'email', message: () => 'This address already has an open invitation: resend or revoke it' },
  contacts_external_id_idx: { field: 'externalId', message: () => 'A contact with this external id already exists' },
  products_workspace_id_sku_key: { field: 'sku', message: () => 'A product with this SKU already exists' },
};

/**
 * The one mapping of PostgreSQL unique violations to what the operator is told: by constraint
 * name to a specific message, else a generic "already exists" — always CONFLICT with reason
 * ALREADY_EXISTS, never the text of a concurrent change. Null when `e` is no unique violation.
 */
export function uniqueViolationException(e: unknown): DomainException | null {
  const v = uniqueViolation(e);
  if (!v) return null;
  const known = BY_CONSTRAINT[v.constraint];
  if (!known) return alreadyExists('This already exists');
  return alreadyExists(known.message(v.value), { field: known.field });
}
