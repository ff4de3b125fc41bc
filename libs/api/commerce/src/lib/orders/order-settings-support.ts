import { AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { DomainException, FieldError } from '@parley/api/platform/graphql';
import { ClientAuditAction, ErrorCode } from '@parley/shared/contracts';
import { EntityManager } from 'typeorm';

/** What Settings › Orders' services share: field errors, one edit at a time, the audit entry, unique codes. */
export type SettingsRow = Record<string, unknown>;

/** BAD_USER_INPUT with every field error (and the first one's field). */
export const settingsFieldErrors = (errors: FieldError[]) =>
  new DomainException(ErrorCode.BadUserInput, errors.map((e) => e.message).join('; '), { field: errors[0]?.field, fieldErrors: errors });

/** One order settings edit at a time per workspace (name uniqueness, the "new" group's last status, positions). */
export async function lockOrderSettings(m: EntityManager, workspaceId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('order-settings:' || $1))`, [workspaceId]);
}

/** The audit entry of an order settings change (statuses, payment types, order fields), in the change's transaction. */
export async function recordOrderSettingsChange(audit: AuditService, m: EntityManager, user: AuthUser, targetType: string, targetId: string, details: Record<string, unknown>): Promise<void> {
  const [me] = (await m.query(`SELECT display_name FROM operators WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId])) as Array<{ display_name: string }>;
  await audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: me?.display_name ?? null, action: ClientAuditAction.orderSettingsChanged, targetType, targetId, details }, m);
}

/** TypeORM gives an UPDATE … RETURNING as [rows, count] on PostgreSQL. */
export function returnedRows(result: unknown): SettingsRow[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as SettingsRow[];
}

/** `base`, or `base-2`, `base-3`… (the base cut to 36 characters) when taken. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base.slice(0, 36)}-${i}`)) return `${base.slice(0, 36)}-${i}`;
}
