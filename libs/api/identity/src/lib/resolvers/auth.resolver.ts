import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext, OperatorOnly, Public, requestIp, TokenService } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { LoginInput, RefreshSessionInput } from '../dto/auth.input';
import { AuthPayloadObject, OperatorObject, WorkspaceObject } from '../dto/operator.object';
import { IdentityService, Session } from '../services/identity.service';
import { clearRefreshCookie, readCookie, REFRESH_COOKIE, setRefreshCookie } from './session-cookie';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadObject)
  async login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    return this.respond(ctx, await this.identity.login(input.email, input.password, requestIp(ctx.req, this.config.trustProxy), input.workspaceId ?? undefined));
  }

  @Public()
  @Mutation(() => AuthPayloadObject, { description: 'Uses the parley_rt cookie when no refreshToken is given.' })
  async refreshSession(
    @Args('input', { type: () => RefreshSessionInput, nullable: true }) input: RefreshSessionInput | undefined,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayloadObject> {
    const token = input?.refreshToken ?? readCookie(ctx, REFRESH_COOKIE);
    return this.respond(ctx, await this.identity.refresh(token));
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      "Ends this device's session (the parley_rt cookie's, else the access token's); allDevices ends every session of the operator (needs a valid access token or cookie). Their access tokens are refused at once and their sockets closed with 4401.",
  })
  async logout(@Context() ctx: GqlContext, @Args('allDevices', { type: () => Boolean, nullable: true, defaultValue: false }) allDevices: boolean): Promise<boolean> {
    await this.identity.logout(readCookie(ctx, REFRESH_COOKIE), this.bearer(ctx), allDevices === true);
    clearRefreshCookie(ctx, this.secureCookies);
    return true;
  }

  @OperatorOnly()
  @Query(() => OperatorObject, { description: 'The signed-in operator (FORBIDDEN with a workspace API key).' })
  me(@CurrentUser() user: AuthUser): Promise<OperatorObject> {
    return this.identity.getOperator(user);
  }

  @Query(() => WorkspaceObject)
  workspace(@CurrentUser() user: AuthUser): Promise<WorkspaceObject> {
    return this.identity.getWorkspace(user.workspaceId);
  }

  /** The caller behind a valid access token, if any (logout is public: an expired token still logs out by cookie). */
  private bearer(ctx: GqlContext): AuthUser | undefined {
    if (ctx.user) return ctx.user;
    const header = ctx.req?.headers?.['authorization'];
    const match = /^Bearer\s+(\S+)$/i.exec((Array.isArray(header) ? header[0] : header) ?? '');
    if (!match) return undefined;
    try {
      return this.tokens.verifyAccessToken(match[1]);
    } catch {
      return undefined;
    }
  }

  private get secureCookies(): boolean {
    return this.config.isProduction && (this.config.publicUrl ?? '').startsWith('https:');
  }

  private respond(ctx: GqlContext, s: Session): AuthPayloadObject {
    setRefreshCookie(ctx, s.refreshToken, s.refreshTokenExpiresAt, this.secureCookies);
    return {
      accessToken: s.accessToken,
      accessTokenExpiresAt: s.accessTokenExpiresAt,
      refreshToken: s.refreshToken,
      operator: s.operator,
      workspace: s.workspace,
    };
  }
}
