import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext, Public, Roles } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { OperatorRole } from '@parley/shared/contracts';
import { AcceptInvitationInput, InviteOperatorInput } from '../dto/invitation.input';
import { InvitationObject, InvitationPageObject, InvitationPreviewObject } from '../dto/invitation.object';
import { AuthPayloadObject } from '../dto/operator.object';
import { InvitationsService } from '../services/invitations.service';
import { setRefreshCookie } from './session-cookie';

/** SPEC B8: admins invite colleagues by e-mail; the colleague accepts on /invite/<token>. */
@Resolver(() => InvitationObject)
export class InvitationsResolver {
  constructor(
    private readonly service: InvitationsService,
    private readonly config: AppConfig,
  ) {}

  @Roles(OperatorRole.admin)
  @Mutation(() => InvitationObject, { description: 'Admins only. E-mails a link valid for 5 days; CONFLICT when the address is an operator or already invited.' })
  inviteOperator(@CurrentUser() user: AuthUser, @Args('input') input: InviteOperatorInput): Promise<InvitationObject> {
    return this.service.invite(user, input);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => InvitationObject, { description: 'Admins only. A new link (the previous one stops working), valid 5 more days.' })
  resendInvitation(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<InvitationObject> {
    return this.service.resend(user, id);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => InvitationObject, { description: 'Admins only. The link stops working.' })
  revokeInvitation(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<InvitationObject> {
    return this.service.revoke(user, id);
  }

  @Roles(OperatorRole.admin)
  @Query(() => InvitationPageObject, { description: 'Admins only. Invitations not yet accepted or revoked (expired ones included), newest first.' })
  invitations(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<InvitationPageObject> {
    return this.service.list(user, first, after);
  }

  @Public()
  @Query(() => InvitationPreviewObject, { description: 'Public. NOT_FOUND (unknown link), CONFLICT (used), FORBIDDEN (revoked), TOKEN_EXPIRED; extensions.reason says which.' })
  invitation(@Args('token') token: string): Promise<InvitationPreviewObject> {
    return this.service.preview(token);
  }

  @Public()
  @Mutation(() => AuthPayloadObject, { description: 'Public. Creates the operator in the inviting workspace and signs them in (sets the refresh cookie).' })
  async acceptInvitation(@Args('input') input: AcceptInvitationInput, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    const s = await this.service.accept(input);
    setRefreshCookie(ctx, s.refreshToken, s.refreshTokenExpiresAt, this.config.isProduction && (this.config.publicUrl ?? '').startsWith('https:'));
    return { accessToken: s.accessToken, accessTokenExpiresAt: s.accessTokenExpiresAt, refreshToken: s.refreshToken, operator: s.operator, workspace: s.workspace };
  }
}
