import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '@parley/api/platform/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import { GqlContext, IS_PUBLIC, ROLES } from './decorators';
import { TokenService } from './token.service';

/**
 * Installed globally: every GraphQL query, mutation and subscription needs a valid access token
 * unless marked @Public(), and the caller's role must be among @Roles() when given.
 * Subscriptions arrive with `user` already set by the graphql-ws connection handshake.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
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
    const roles = this.reflector.getAllAndOverride<OperatorRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(ctx.user.role)) throw forbidden();
    return true;
  }
}
