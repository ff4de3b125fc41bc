import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { CreateOperatorInput } from '../dto/auth.input';
import { OperatorObject } from '../dto/operator.object';
import { IdentityService } from '../services/identity.service';

@Resolver(() => OperatorObject)
export class OperatorsResolver {
  constructor(private readonly identity: IdentityService) {}

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Query(() => [OperatorObject])
  operators(@CurrentUser() user: AuthUser): Promise<OperatorObject[]> {
    return this.identity.listOperators(user.workspaceId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => OperatorObject, { description: 'Admins only.' })
  createOperator(@CurrentUser() user: AuthUser, @Args('input') input: CreateOperatorInput): Promise<OperatorObject> {
    return this.identity.createOperator(user, input);
  }
}
