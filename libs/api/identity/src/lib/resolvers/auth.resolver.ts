import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext, Public } from '@parley/api/platform/auth';
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
  ) {}

  @Public()
  @Mutation(() => AuthPayloadObject)
  async login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    return this.respond(ctx, await this.identity.login(input.email, input.password, ctx.req?.ip ?? ctx.req?.socket?.remoteAddress));
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
  @Mutation(() => Boolean)
  async logout(@Context() ctx: GqlContext): Promise<boolean> {
    await this.identity.logout(readCookie(ctx, REFRESH_COOKIE));
    clearRefreshCookie(ctx, this.secureCookies);
    return true;
  }

  @Query(() => OperatorObject)
  me(@CurrentUser() user: AuthUser): Promise<OperatorObject> {
    return this.identity.getOperator(user);
  }

  @Query(() => WorkspaceObject)
  workspace(@CurrentUser() user: AuthUser): Promise<WorkspaceObject> {
    return this.identity.getWorkspace(user.workspaceId);
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
