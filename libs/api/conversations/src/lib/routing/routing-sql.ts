import { ROLES_THAT_REPLY, STATUSES_THAT_TAKE_CHATS } from '@parley/shared/contracts';

/** Open chats of operator alias `o` (what counts against the limit, SPEC B5). */
export const OPEN_CHATS_SQL = (o: string) =>
  `(SELECT count(*) FROM conversations oc WHERE oc.assignee_id = ${o}.id AND oc.status IN ('open', 'pending') AND oc.deleted_at IS NULL)::int`;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Operators (alias `o`) who may get a new chat of group `$group` in workspace `$ws` now: online,
 * allowed to reply, in the group (any operator when the chat has no group) and below their limit.
 */
export function eligibleOperatorSql(o: string, ws: string, group: string): string {
  return `${o}.workspace_id = ${ws}
    AND ${o}.active
    AND ${o}.status IN (${list(STATUSES_THAT_TAKE_CHATS)})
    AND ${o}.role IN (${list(ROLES_THAT_REPLY)})
    AND (${group}::uuid IS NULL OR EXISTS (SELECT 1 FROM operator_group_members gm WHERE gm.group_id = ${group}::uuid AND gm.operator_id = ${o}.id))
    AND (${o}.max_chats IS NULL OR ${OPEN_CHATS_SQL(o)} < ${o}.max_chats)`;
}
