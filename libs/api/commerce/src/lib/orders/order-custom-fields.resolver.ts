import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, RequirePermission } from '@parley/api/platform/auth';
import { Permission } from '@parley/shared/contracts';
import { OrderCustomFieldsService } from './order-custom-fields.service';
import { CreateOrderCustomFieldInput, UpdateOrderCustomFieldInput } from './order-settings.object';
import { OrderCustomFieldObject } from './order.object';

/** Issue #12 (E5): custom order fields — everyone who reads orders lists them; admins (“Configure commerce”) define them. Live via orderSettingsEvents (custom_fields). */
@Resolver()
export class OrderCustomFieldsResolver {
  constructor(private readonly fields: OrderCustomFieldsService) {}

  @Query(() => [OrderCustomFieldObject], { description: 'The workspace’s custom order fields in position order, switched-off ones included (active: false).' })
  orderCustomFields(@CurrentUser() user: AuthUser): Promise<OrderCustomFieldObject[]> {
    return this.fields.list(user.workspaceId);
  }

  @Mutation(() => OrderCustomFieldObject, { description: 'Adds an order field at the end (“Configure commerce”); BAD_USER_INPUT names the input at fault (name, key, type, options).' })
  @RequirePermission(Permission.configure_commerce)
  createOrderCustomField(@CurrentUser() user: AuthUser, @Args('input') input: CreateOrderCustomFieldInput): Promise<OrderCustomFieldObject> {
    return this.fields.create(user, input);
  }

  @Mutation(() => OrderCustomFieldObject, { description: 'Renames an order field, changes its options, required or pinned flag, switches it off or on (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  updateOrderCustomField(@CurrentUser() user: AuthUser, @Args('input') input: UpdateOrderCustomFieldInput): Promise<OrderCustomFieldObject> {
    return this.fields.update(user, input);
  }

  @Mutation(() => OrderCustomFieldObject, { nullable: true, description: 'Deletes an order field no order uses (null); a used one is switched off instead and returned (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  deleteOrderCustomField(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<OrderCustomFieldObject | null> {
    return this.fields.remove(user, id);
  }

  @Mutation(() => [OrderCustomFieldObject], { description: 'Moves an order field to a position (0-based); returns every field (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  moveOrderCustomField(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('position', { type: () => Int }) position: number): Promise<OrderCustomFieldObject[]> {
    return this.fields.move(user, id, position);
  }
}
