import { OperatorRole, Permission } from '@parley/shared/contracts';

/** One entry of the admin side navigation. */
export interface AdminNavItem {
  /** Child path under /admin. */
  path: string;
  label: string;
  /** Roles that see the entry (the route guard and the API check again). */
  roles: readonly OperatorRole[];
  testId: string;
  /** A right the operator needs besides the role (the route guard checks it too). */
  permission?: Permission;
}

const ADMIN_ONLY = [OperatorRole.admin] as const;

/**
 * The admin area's sections, in order. To add a screen: add its child route in
 * @parley/web/admin/feature-admin (admin.routes.ts) and one line here.
 */
export const ADMIN_NAV: readonly AdminNavItem[] = [
  { path: 'channels', label: 'Channels', roles: ADMIN_ONLY, testId: 'admin-nav-channels' },
  { path: 'groups', label: 'Groups', roles: ADMIN_ONLY, testId: 'admin-nav-groups' },
  { path: 'operators', label: 'Operators', roles: [OperatorRole.admin, OperatorRole.supervisor], testId: 'admin-nav-operators' },
  { path: 'bots', label: 'Bot scenarios', roles: [OperatorRole.admin, OperatorRole.supervisor], testId: 'admin-nav-bots' },
  { path: 'widgets', label: 'Chat widgets', roles: ADMIN_ONLY, testId: 'admin-nav-widgets' },
  { path: 'tags', label: 'Tags', roles: ADMIN_ONLY, testId: 'admin-nav-tags' },
  { path: 'client-fields', label: 'Client fields', roles: ADMIN_ONLY, testId: 'admin-nav-client-fields' },
  { path: 'catalogue', label: 'Catalogue', roles: [OperatorRole.admin, OperatorRole.supervisor], testId: 'admin-nav-catalogue' },
  { path: 'orders', label: 'Orders', roles: ADMIN_ONLY, testId: 'admin-nav-orders', permission: Permission.configure_commerce },
  { path: 'delivery', label: 'Delivery', roles: ADMIN_ONLY, testId: 'admin-nav-delivery', permission: Permission.configure_commerce },
  { path: 'payments', label: 'Payments', roles: ADMIN_ONLY, testId: 'admin-nav-payments', permission: Permission.configure_commerce },
  { path: 'ai', label: 'AI tools', roles: ADMIN_ONLY, testId: 'admin-nav-ai' },
  { path: 'api-keys', label: 'API keys', roles: ADMIN_ONLY, testId: 'admin-nav-api-keys' },
  { path: 'permissions', label: 'Permissions', roles: ADMIN_ONLY, testId: 'admin-nav-permissions' },
  { path: 'invitations', label: 'Invitations', roles: ADMIN_ONLY, testId: 'admin-nav-invitations' },
  { path: 'audit', label: 'Audit log', roles: ADMIN_ONLY, testId: 'admin-nav-audit' },
];

/** The roles that may enter /admin at all: anyone who sees at least one entry. */
export const ADMIN_AREA_ROLES: readonly OperatorRole[] = [...new Set(ADMIN_NAV.flatMap((i) => i.roles))];

/** The entries for this role (and, when given, these rights: an entry needing a right the operator lacks is left out). */
export function adminNavFor(role: OperatorRole | null, permissions?: ReadonlySet<Permission>): AdminNavItem[] {
  return role ? ADMIN_NAV.filter((i) => i.roles.includes(role) && (!i.permission || !permissions || permissions.has(i.permission))) : [];
}
