import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, RequirePermission } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { Permission } from '@parley/shared/contracts';
import { CreateOrderStatusInput, CreatePaymentTypeInput, OrderSettingsEventObject, OrderSettingsEventPayload, UpdateOrderStatusInput, UpdatePaymentTypeInput } from './order-settings.object';
import { OrderSettingsService } from './order-settings.service';
import { OrderStatusObject, PaymentTypeObject } from './order.object';

/**
 * Issue #12 (E5): Settings › Orders. Changing statuses and payment types needs “Configure
 * commerce” (admins); everyone who sees orders reads them (orderStatuses, paymentTypes) and
 * follows their changes (orderSettingsEvents).
 */
@Resolver()
export class OrderSettingsResolver {
  constructor(
    private readonly settings: OrderSettingsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Mutation(() => OrderStatusObject, { description: 'Adds a status at the end of its group (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  createOrderStatus(@CurrentUser() user: AuthUser, @Args('input') input: CreateOrderStatusInput): Promise<OrderStatusObject> {
    return this.settings.createStatus(user, input);
  }

  @Mutation(() => OrderStatusObject, { description: 'Renames a status, moves it to another group or switches it off or on (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  updateOrderStatus(@CurrentUser() user: AuthUser, @Args('input') input: UpdateOrderStatusInput): Promise<OrderStatusObject> {
    return this.settings.updateStatus(user, input);
  }

  @Mutation(() => [OrderStatusObject], { description: 'Moves a status to a position (0-based) within its group; returns every status (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  moveOrderStatus(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('position', { type: () => Int }) position: number): Promise<OrderStatusObject[]> {
    return this.settings.moveStatus(user, id, position);
  }

  @Mutation(() => PaymentTypeObject, { description: 'Adds a payment type (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  createPaymentType(@CurrentUser() user: AuthUser, @Args('input') input: CreatePaymentTypeInput): Promise<PaymentTypeObject> {
    return this.settings.createPaymentType(user, input);
  }

  @Mutation(() => PaymentTypeObject, { description: 'Renames a payment type, connects it to an acquirer or switches it off (“Configure commerce”).' })
  @RequirePermission(Permission.configure_commerce)
  updatePaymentType(@CurrentUser() user: AuthUser, @Args('input') input: UpdatePaymentTypeInput): Promise<PaymentTypeObject> {
    return this.settings.updatePaymentType(user, input);
  }

  @Subscription(() => OrderSettingsEventObject, { description: 'The workspace’s order statuses or payment types changed.', resolve: (e: OrderSettingsEventPayload) => ({ kind: e.kind }) })
  async orderSettingsEvents(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<OrderSettingsEventPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<OrderSettingsEventPayload>(() => off());
    off = await this.bus.subscribe<OrderSettingsEventPayload>(Topics.orderSettings(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}
