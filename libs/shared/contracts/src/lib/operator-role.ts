/**
 * SPEC B2. Only an admin may grant supervisor or observer.
 * Keys equal values so the GraphQL enum, the database and both apps share one spelling.
 */
export enum OperatorRole {
  admin = 'admin',
  supervisor = 'supervisor',
  agent = 'agent',
  observer = 'observer',
}

export const OPERATOR_ROLES: readonly OperatorRole[] = Object.values(OperatorRole);

/** Roles that may write into conversations (send, take, close). Observers only read. */
export const ROLES_THAT_REPLY: readonly OperatorRole[] = [OperatorRole.admin, OperatorRole.supervisor, OperatorRole.agent];

/** Roles that see every conversation of the workspace, not only their own and the queue. */
export const ROLES_THAT_SEE_ALL: readonly OperatorRole[] = [OperatorRole.admin, OperatorRole.supervisor, OperatorRole.observer];

/**
 * @deprecated History deletion is the `delete_history` permission (permissions.ts): admins hold it
 * by default and permission groups may grant it. Kept for code that still imports it.
 */
export const ROLES_THAT_DELETE_HISTORY: readonly OperatorRole[] = [OperatorRole.admin];
