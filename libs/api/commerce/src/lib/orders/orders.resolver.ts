import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ProductCardSentObject } from '../client-products/client-product.object';
import { MakeOrderDocumentInput, OrderDocumentFileObject, OrderConnectionObject, OrderExtraSuggestionsObject, OrderManagerOptionObject, OrderObject, OrderPreviewObject, OrderStatusObject, PaymentTypeObject, SaveOrderInput, SendOrderSummaryInput, SetOrderStatusInput } from './order.object';
import { OrderDocumentService } from './order-document.service';
import { OrdersService } from './orders.service';

/** Issue #12 (E5): the order widget and drawer. Live through `contactChanged` (orders_changed). */
@Resolver(() => OrderObject)
export class OrdersResolver {
  constructor(
    private readonly orders: OrdersService,
    private readonly documents: OrderDocumentService,
  ) {}

  @Query(() => [OrderStatusObject], { description: 'The workspace’s order statuses by group (new … cancelled), then position.' })
  orderStatuses(@CurrentUser() user: AuthUser): Promise<OrderStatusObject[]> {
    return this.orders.statuses(user.workspaceId);
  }

  @Query(() => [PaymentTypeObject])
  paymentTypes(@CurrentUser() user: AuthUser): Promise<PaymentTypeObject[]> {
    return this.orders.paymentTypes(user.workspaceId);
  }

  @Query(() => OrderExtraSuggestionsObject, { description: 'Suggestions for the drawer’s country, order type, order method and store: the values of the workspace’s latest 500 orders.' })
  orderExtraSuggestions(@CurrentUser() user: AuthUser): Promise<OrderExtraSuggestionsObject> {
    return this.orders.extraSuggestions(user.workspaceId);
  }

  @Query(() => [OrderManagerOptionObject], { description: 'Whom the drawer offers as an order’s manager: the workspace’s active operators by name.' })
  orderManagerOptions(@CurrentUser() user: AuthUser): Promise<OrderManagerOptionObject[]> {
    return this.orders.managerOptions(user.workspaceId);
  }

  @Query(() => OrderConnectionObject, { description: 'The client’s placed orders, newest first (keyset pages of at most 50).' })
  clientOrders(
    @CurrentUser() user: AuthUser,
    @Args('contactId', { type: () => ID }) contactId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<OrderConnectionObject> {
    return this.orders.listForClient(user, contactId, first, after);
  }

  @Query(() => OrderObject, { nullable: true, description: 'The client’s draft order (at most one), to resume.' })
  clientOrderDraft(@CurrentUser() user: AuthUser, @Args('contactId', { type: () => ID }) contactId: string): Promise<OrderObject | null> {
    return this.orders.draftOf(user, contactId);
  }

  @Query(() => OrderObject)
  order(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<OrderObject> {
    return this.orders.get(user, id);
  }

  @Query(() => OrderPreviewObject, { description: 'Totals (exact decimals), the delivery rule that applies and the errors a save would give, for the order as typed; saves nothing.' })
  previewOrder(@CurrentUser() user: AuthUser, @Args('input') input: SaveOrderInput): Promise<OrderPreviewObject> {
    return this.orders.preview(user, input);
  }

  @Mutation(() => OrderObject, { description: 'Saves the whole order or nothing (“Manage orders”): BAD_USER_INPUT with fieldErrors for every field at fault, CONFLICT over a newer version. draft: false places a draft (the next order number).' })
  saveOrder(@CurrentUser() user: AuthUser, @Args('input') input: SaveOrderInput): Promise<OrderObject> {
    return this.orders.save(user, input);
  }

  @Mutation(() => OrderObject, { description: 'Changes a placed order’s status (“Manage orders”).' })
  setOrderStatus(@CurrentUser() user: AuthUser, @Args('input') input: SetOrderStatusInput): Promise<OrderObject> {
    return this.orders.setStatus(user, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes the client’s draft (“Manage orders”); a placed order is cancelled instead.' })
  deleteOrderDraft(@CurrentUser() user: AuthUser, @Args('orderId', { type: () => ID }) orderId: string): Promise<boolean> {
    return this.orders.deleteDraft(user, orderId);
  }

  @Mutation(() => ProductCardSentObject, { description: '“Send order”: the order’s summary as a message into the conversation (“Manage orders” and the right to reply there); idempotent on clientId.' })
  async sendOrderSummary(@CurrentUser() user: AuthUser, @Args('input') input: SendOrderSummaryInput): Promise<ProductCardSentObject> {
    const m = await this.orders.sendSummary(user, input);
    return { messageId: m.id, seq: m.seq };
  }

  @Mutation(() => OrderDocumentFileObject, { description: '“Send printable document”: the placed order as an invoice or order form PDF, attached to the operator’s composer in the conversation (“Manage orders” and the right to reply there).' })
  async makeOrderDocument(@CurrentUser() user: AuthUser, @Args('input') input: MakeOrderDocumentInput): Promise<OrderDocumentFileObject> {
    const a = await this.documents.make(user, input.orderId, input.conversationId, input.kind, input.locale);
    return { id: a.id, name: a.name, mime: a.mime, size: a.size, url: a.url };
  }
}
