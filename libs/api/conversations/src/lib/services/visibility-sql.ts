import { AuthUser } from '@parley/api/platform/auth';
import { OperatorRole, ROLES_THAT_SEE_ALL } from '@parley/shared/contracts';

/**
 * `canSee` as SQL over a conversations alias, for queries that must not fetch what the caller may
 * not see (search). `bindMe` binds the caller's operator id and returns its placeholder.
 * Returns null when the caller sees everything in the workspace.
 */
export function visibilitySql(user: Pick<AuthUser, 'role'>, alias: string, bindMe: () => string): string | null {
  if (ROLES_THAT_SEE_ALL.includes(user.role)) return null;
  if (user.role !== OperatorRole.agent) return 'false';
  const me = bindMe();
  return `(${alias}.assignee_id = ${me} OR ${alias}.participant_ids @> ARRAY[${me}]::uuid[] OR (${alias}.status IN ('queued', 'bot', 'pending') AND ${alias}.assignee_id IS NULL AND (${alias}.group_id IS NULL OR ${alias}.group_id IN (SELECT gm.group_id FROM operator_group_members gm WHERE gm.operator_id = ${me}))))`;
}
