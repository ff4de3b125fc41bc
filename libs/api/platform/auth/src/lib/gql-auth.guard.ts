import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainException, forbidden, unauthenticated } from '@parley/api/platform/graphql';
import { ApiKeyScope, ErrorCode, OperatorRole, Permission, PERMISSION_LABELS } from '@parley/shared/contracts';
import { GraphQLResolveInfo } from 'graphql';
import { API_KEY_AUTH, apiKeyOf, ApiKeyAuthenticator, apiKeyPermissions } from './api-key-auth';
import { AuthUser } from './auth-user';
import { GqlContext, IS_PUBLIC, OPERATOR_ONLY, PERMISSIONS_REQUIRED, ROLES } from './decorators';
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
  private keys: ApiKeyAuthenticator | null | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets: [ReturnType<ExecutionContext['getHandler']>, ReturnType<ExecutionContext['getClass']>] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<GqlContext>();
    if (!ctx.user) {
      // issue #15: a workspace API key (X-Api-Key, or a Bearer token with the key prefix)
      const key = apiKeyOf(ctx.req?.headers);
      if (key !== undefined) ctx.user = await this.authenticateKey(key);
    }
    if (ctx.user?.apiKey) return this.checkApiKey(ctx.user, gql.getInfo<GraphQLResolveInfo>(), targets);
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

  /** Once per request (the principal stays on the context): the key's row, then one token of its shared rate limit. */
  private async authenticateKey(key: string): Promise<AuthUser> {
    const keys = this.apiKeys();
    const user = keys ? await keys.authenticate(key) : null;
    if (!user?.apiKey || !keys) throw unauthenticated('This API key is not valid or has been revoked', 'API_KEY_INVALID');
    const waitMs = await keys.take(user.apiKey.id);
    if (waitMs !== null) throw new DomainException(ErrorCode.RateLimited, 'Too many requests with this API key. Please slow down.', { retryAfterMs: waitMs });
    return user;
  }

  /** An API principal: no operator-only operations, no mutations without the write scope, the synthetic role's rights. */
  private checkApiKey(user: AuthUser, info: GraphQLResolveInfo, targets: [ReturnType<ExecutionContext['getHandler']>, ReturnType<ExecutionContext['getClass']>]): boolean {
    const scopes = user.apiKey?.scopes ?? [];
    if (this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, targets)) throw forbidden('API keys cannot do this: it needs an operator signed in to Parley');
    const op = info?.operation?.operation;
    if (op === 'subscription') throw forbidden('API keys cannot subscribe: use them for queries and mutations over HTTP');
    if (op === 'mutation' && !scopes.includes(ApiKeyScope.write)) throw forbidden('This API key is read-only: mutations need a key with the write scope');
    const roles = this.reflector.getAllAndOverride<OperatorRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw forbidden('API keys cannot do this: it is kept for admins signed in to Parley');
    const needed = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_REQUIRED, targets);
    const held = apiKeyPermissions(scopes);
    const missing = needed?.find((p) => !held.has(p));
    if (missing) throw forbidden(`API keys do not hold the "${PERMISSION_LABELS[missing]}" right`);
    return true;
  }

  private apiKeys(): ApiKeyAuthenticator | null {
    if (this.keys === undefined) {
      try {
        this.keys = this.moduleRef.get<ApiKeyAuthenticator>(API_KEY_AUTH, { strict: false });
      } catch {
        this.keys = null;
      }
    }
    return this.keys;
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
