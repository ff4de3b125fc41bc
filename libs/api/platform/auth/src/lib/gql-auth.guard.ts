import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '@parley/api/platform/graphql';
import { OperatorRole, Permission, PERMISSION_LABELS } from '@parley/shared/contracts';
import { GqlContext, IS_PUBLIC, PERMISSIONS_REQUIRED, ROLES } from './decorators';
import { OPERATOR_ACCESS, OperatorAccessProvider } from './operator-access';
import { TokenService } from './token.service';

/**
 * Installed globally: every GraphQL query, mutation and subscription needs a valid access token
 * unless marked @Public(). When an OperatorAccessProvider is registered, the operator must still
 * exist and be active, and their current role (not the one in the token) is used. The role must be
 * among @Roles() when given, and every @RequirePermission() right must be held.
 * Subscriptions arrive with `user` already set by the graphql-ws connection handshake.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  private provider: OperatorAccessProvider | null | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (!ctx.user) {
      const header = ctx.req?.headers?.['authorization'];
      const value = Array.isArray(header) ? header[0] : header;
      const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
      if (!match) throw unauthenticated();
      ctx.user = this.tokens.verifyAccessToken(match[1]);
    }
    const provider = this.accessProvider();
    if (provider) {
      const access = await provider.access(ctx.user);
      if (!access) throw unauthenticated('Your session has expired', 'OPERATOR_GONE');
      if (!access.active) throw unauthenticated('Your account has been deactivated', 'OPERATOR_DEACTIVATED');
      if (!access.sessionLive) throw unauthenticated('You have been signed out', 'SESSION_ENDED');
      if (access.role !== ctx.user.role) ctx.user = { ...ctx.user, role: access.role };
    }
    const roles = this.reflector.getAllAndOverride<OperatorRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(ctx.user.role)) throw forbidden();
    const needed = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_REQUIRED, targets);
    if (needed?.length) {
      if (!provider) throw forbidden();
      const held = await provider.permissions(ctx.user);
      const missing = needed.find((p) => !held.has(p));
      if (missing) throw forbidden(`You need the "${PERMISSION_LABELS[missing]}" right to do this`);
    }
    return true;
  }

  private accessProvider(): OperatorAccessProvider | null {
    if (this.provider === undefined) {
      try {
        this.provider = this.moduleRef.get<OperatorAccessProvider>(OPERATOR_ACCESS, { strict: false });
      } catch {
        this.provider = null;
      }
    }
    return this.provider;
  }
}
