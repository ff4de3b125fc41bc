import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, RequirePermission } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { Permission } from '@parley/shared/contracts';
import { CreateDeliveryRuleInput, DeliveryRuleObject, DeliveryRulesChangeObject, DeliveryRulesChangePayload, DeliveryRulesTestObject, TestDeliveryRulesInput, UpdateDeliveryRuleInput } from './delivery-rule.object';
import { DeliveryRulesService } from './delivery-rules.service';

/**
 * Issue #12 (E5): Settings › Delivery — the delivery cost rules orders use when no cost is typed.
 * Reading and the tester need “Manage orders” or “Configure orders, delivery and payments”;
 * changing needs the latter.
 */
@Resolver(() => DeliveryRuleObject)
export class DeliveryRulesResolver {
  constructor(
    private readonly rules: DeliveryRulesService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [DeliveryRuleObject], { description: 'The workspace’s delivery cost rules in order (the first active matching rule wins).' })
  deliveryRules(@CurrentUser() user: AuthUser): Promise<DeliveryRuleObject[]> {
    return this.rules.list(user);
  }

  @Query(() => DeliveryRulesTestObject, { description: 'The tester: the rule an order like this gets, its cost, and why each other rule did or did not match.' })
  testDeliveryRules(@CurrentUser() user: AuthUser, @Args('input') input: TestDeliveryRulesInput): Promise<DeliveryRulesTestObject> {
    return this.rules.test(user, input);
  }

  @RequirePermission(Permission.configure_commerce)
  @Mutation(() => DeliveryRuleObject, { description: 'Adds a rule at the end. BAD_USER_INPUT with fieldErrors (name, cost, minTotal, maxTotal, minWeightKg, maxWeightKg, currency, regions, rules: at most 200).' })
  createDeliveryRule(@CurrentUser() user: AuthUser, @Args('input') input: CreateDeliveryRuleInput): Promise<DeliveryRuleObject> {
    return this.rules.create(user, input);
  }

  @RequirePermission(Permission.configure_commerce)
  @Mutation(() => DeliveryRuleObject, { description: 'Replaces a rule’s fields; CONFLICT when its version is not expectedVersion.' })
  updateDeliveryRule(@CurrentUser() user: AuthUser, @Args('input') input: UpdateDeliveryRuleInput): Promise<DeliveryRuleObject> {
    return this.rules.update(user, input);
  }

  @RequirePermission(Permission.configure_commerce)
  @Mutation(() => Boolean)
  deleteDeliveryRule(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.rules.remove(user, id);
  }

  @RequirePermission(Permission.configure_commerce)
  @Mutation(() => [DeliveryRuleObject], { description: 'Moves a rule to `position` (0 first); returns every rule in the new order.' })
  moveDeliveryRule(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('position', { type: () => Int }) position: number): Promise<DeliveryRuleObject[]> {
    return this.rules.move(user, id, position);
  }

  @Subscription(() => DeliveryRulesChangeObject, { description: 'Someone saved, deleted or moved a delivery rule of the workspace.', resolve: (e: DeliveryRulesChangePayload) => ({ kind: e.kind, ruleId: e.ruleId, actorId: e.actorId }) })
  async deliveryRulesChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<DeliveryRulesChangePayload>> {
    await this.rules.assertMayRead(user);
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<DeliveryRulesChangePayload>(() => off());
    off = await this.bus.subscribe<DeliveryRulesChangePayload>(Topics.deliveryRules(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}
