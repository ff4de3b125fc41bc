import { OperatorRole } from './operator-role';

/**
 * SPEC F1: rights an operator may hold. An operator's rights are the union of their role's
 * defaults (below) and the rights of every permission group they belong to.
 * Keys equal values so the GraphQL enum, the database and both apps share one spelling.
 */
export enum Permission {
  create_tags = 'create_tags',
  edit_clients = 'edit_clients',
  see_tasks = 'see_tasks',
  see_analytics = 'see_analytics',
  delete_history = 'delete_history',
  manage_quick_replies = 'manage_quick_replies',
  /** Issue #11 (F1): merge a client's duplicates into one. */
  merge_clients = 'merge_clients',
  /** Issue #11 (F1): edit and delete other operators' notes on a client (authors always may their own). */
  delete_others_notes = 'delete_others_notes',
  /** Issue #11 (F1): run the AI tools (the conversation summary). */
  use_ai_tools = 'use_ai_tools',
  /** Issue #12 (E3, E10): create and edit products and services, price types, categories and catalogue feeds. */
  manage_catalogue = 'manage_catalogue',
  /** Issue #12 (E5): create and edit orders, their items, delivery and payments, send payment links and order documents. */
  manage_orders = 'manage_orders',
  /** Issue #12 (E5): configure order statuses, payment types, acquirers and delivery cost rules. */
  configure_commerce = 'configure_commerce',
}

export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

/** What each role holds without any group. Admins hold everything; deleting history stays with admins (SPEC A12). */
export const ROLE_DEFAULT_PERMISSIONS: Readonly<Record<OperatorRole, readonly Permission[]>> = {
  [OperatorRole.admin]: PERMISSIONS,
  [OperatorRole.supervisor]: [
    Permission.create_tags,
    Permission.edit_clients,
    Permission.see_tasks,
    Permission.see_analytics,
    Permission.manage_quick_replies,
    Permission.merge_clients,
    Permission.delete_others_notes,
    Permission.use_ai_tools,
    Permission.manage_catalogue,
    Permission.manage_orders,
  ],
  [OperatorRole.agent]: [Permission.edit_clients, Permission.see_tasks, Permission.use_ai_tools, Permission.manage_orders],
  [OperatorRole.observer]: [],
};

/** Human labels for the admin screens. */
export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  [Permission.create_tags]: 'Create tags',
  [Permission.edit_clients]: 'Edit clients',
  [Permission.see_tasks]: 'See tasks',
  [Permission.see_analytics]: 'See analytics',
  [Permission.delete_history]: 'Delete history',
  [Permission.manage_quick_replies]: 'Manage quick replies',
  [Permission.merge_clients]: 'Merge clients',
  [Permission.delete_others_notes]: 'Edit and delete notes of others',
  [Permission.use_ai_tools]: 'Use AI tools',
  [Permission.manage_catalogue]: 'Manage catalogue',
  [Permission.manage_orders]: 'Manage orders',
  [Permission.configure_commerce]: 'Configure orders, delivery and payments',
};

/**
 * SPEC B2: who may give `target` the role `next`. Admins may set any role; supervisors only
 * assign the agent role, and only to operators who are not admins or supervisors (so they can
 * turn an observer into an agent, never grant supervisor/observer/admin nor demote a peer);
 * agents and observers change nothing. The last admin rule is checked separately (it needs the
 * database).
 */
export function canAssignRole(caller: OperatorRole, target: OperatorRole, next: OperatorRole): boolean {
  if (caller === OperatorRole.admin) return true;
  if (caller === OperatorRole.supervisor) {
    return next === OperatorRole.agent && (target === OperatorRole.agent || target === OperatorRole.observer);
  }
  return false;
}

/** Roles that may open the operators screen (admins manage everything there, supervisors assign roles). */
export const ROLES_THAT_MANAGE_OPERATORS: readonly OperatorRole[] = [OperatorRole.admin, OperatorRole.supervisor];
