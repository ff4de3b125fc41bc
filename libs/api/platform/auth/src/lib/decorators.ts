import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'parley:isPublic';
export const OPERATOR_ONLY = 'parley:operatorOnly';
export const ROLES = 'parley:roles';
export const PERMISSIONS_REQUIRED = 'parley:permissions';

/** The operation needs no signed-in operator (login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only a signed-in operator may call the operation (or the resolver's operations): a workspace API
 * key is refused with FORBIDDEN (sessions, profile, operator and API key management).
 */
export const OperatorOnly = () => SetMetadata(OPERATOR_ONLY, true);

/** Only these roles may call the operation; checked server-side by `GqlAuthGuard`. */
export const Roles = (...roles: OperatorRole[]) => SetMetadata(ROLES, roles);

/** The caller must hold every one of these rights (role defaults ∪ groups, SPEC F1); checked by `GqlAuthGuard`. */
export const RequirePermission = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_REQUIRED, permissions);

export interface GqlContext {
  req?: { headers: Record<string, string | string[] | undefined>; cookies?: Record<string, string>; ip?: string; socket?: { remoteAddress?: string } };
  res?: { cookie?: (...args: unknown[]) => void; clearCookie?: (...args: unknown[]) => void; setHeader?: (k: string, v: string | string[]) => void };
  user?: AuthUser;
}

/** The signed-in operator, set by the guard. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const gql = GqlExecutionContext.create(ctx).getContext<GqlContext>();
  if (!gql.user) throw new Error('CurrentUser used on an operation without GqlAuthGuard');
  return gql.user;
});
