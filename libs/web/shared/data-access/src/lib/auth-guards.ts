import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session-store';

/** The workspace needs a session; on a fresh load it is first restored from the refresh cookie. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  if (await session.restore()) return true;
  return router.createUrlTree(['/login'], state.url.startsWith('/inbox/') ? { queryParams: { returnUrl: state.url } } : {});
};

/** The login page is for signed-out operators only. */
export const guestGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  return (await session.restore()) ? router.createUrlTree(['/inbox']) : true;
};
