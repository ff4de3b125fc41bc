import { inject } from '@angular/core';
import { Confirmer } from '@parley/web/shared/ui';
import { CanActivateFn, CanDeactivateFn, Router } from '@angular/router';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ADMIN_AREA_ROLES, adminNavFor } from '@parley/web/admin/util';

/** The admin area: signed-in admins and supervisors (the API enforces every operation anyway); others go to the inbox. */
export const adminGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  if (!(await session.restore())) return router.createUrlTree(['/login']);
  const role = session.role();
  return role && ADMIN_AREA_ROLES.includes(role) ? true : router.createUrlTree(['/inbox']);
};

/** One admin section, for these roles only; others land on their first admin section. */
export function adminSectionGuard(...roles: OperatorRole[]): CanActivateFn {
  return () => {
    const session = inject(SessionStore);
    const role = session.role();
    if (role && roles.includes(role)) return true;
    const first = adminNavFor(role)[0];
    return inject(Router).createUrlTree(first ? ['/admin', first.path] : ['/inbox']);
  };
}

/** A section that also needs a right (Settings › Payments: “Configure orders, delivery and payments”). */
export function adminPermissionGuard(permission: Permission): CanActivateFn {
  return () => {
    const session = inject(SessionStore);
    if (session.permissions().has(permission)) return true;
    const first = adminNavFor(session.role(), session.permissions())[0];
    return inject(Router).createUrlTree(first ? ['/admin', first.path] : ['/inbox']);
  };
}

/** `/admin` itself: the first section the operator may see. */
export const adminHomeGuard: CanActivateFn = () => {
  const first = adminNavFor(inject(SessionStore).role())[0];
  return inject(Router).createUrlTree(first ? ['/admin', first.path] : ['/inbox']);
};

export interface HasUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

/** Asks before leaving a form with unsaved changes. */
export const unsavedChangesGuard: CanDeactivateFn<HasUnsavedChanges> = (component) =>
  !component.hasUnsavedChanges() ||
  inject(Confirmer).ask({ title: 'Leave without saving?', message: 'You have unsaved changes. They are lost if you leave.', confirmLabel: 'Leave', cancelLabel: 'Stay' });
