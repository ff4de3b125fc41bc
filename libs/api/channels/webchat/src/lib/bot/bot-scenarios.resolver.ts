import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { BotScenarioObject, SaveBotScenarioInput } from './bot-scenario.dto';
import { BotScenarioEntity } from './bot-scenario.entity';
import { BotScenariosService } from './bot-scenarios.service';

const toObject = (s: BotScenarioEntity): BotScenarioObject => ({ id: s.id, name: s.name, ...s.definition, updatedAt: s.updatedAt });

/** SPEC D2: admins and supervisors manage the workspace's bot scenarios. */
@Resolver(() => BotScenarioObject)
export class BotScenariosResolver {
  constructor(private readonly service: BotScenariosService) {}

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Query(() => [BotScenarioObject], { description: 'Admins and supervisors. The workspace’s bot scenarios, by name.' })
  async botScenarios(@CurrentUser() user: AuthUser): Promise<BotScenarioObject[]> {
    return (await this.service.list(user.workspaceId)).map(toObject);
  }

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Mutation(() => BotScenarioObject, { description: 'Admins and supervisors; audited. Creates (no id) or replaces a scenario. BAD_USER_INPUT with extensions.fieldErrors.' })
  async saveBotScenario(@CurrentUser() user: AuthUser, @Args('input') input: SaveBotScenarioInput): Promise<BotScenarioObject> {
    return toObject(await this.service.save(user, input));
  }

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Mutation(() => Boolean, { description: 'Admins and supervisors; audited. CONFLICT while a channel’s bot runs it.' })
  deleteBotScenario(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(user, id);
  }
}
