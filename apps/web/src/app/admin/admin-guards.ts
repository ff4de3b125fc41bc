import { inject } from '@angular/core';
import { CanActivateFn, CanDeactivateFn, Router } from '@angular/router';
import { OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '../auth/session-store';

/** Admin pages: signed-in admins only (the API enforces it anyway); others go to the inbox. */
export const adminGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  if (!(await session.restore())) return router.createUrlTree(['/login']);
  return session.role() === OperatorRole.admin ? true : router.createUrlTree(['/inbox']);
};

export interface HasUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

/** Asks before leaving a form with unsaved changes. */
export const unsavedChangesGuard: CanDeactivateFn<HasUnsavedChanges> = (component) =>
  !component.hasUnsavedChanges() || window.confirm('You have unsaved changes. Leave without saving?');
