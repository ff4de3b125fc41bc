import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { loaderFor } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { OrderPaymentObject } from '../orders/order.object';
import { AcquirerSettingsService } from './acquirer-settings.service';
import { AcquirerSettingsObject, PaymentLinkObject, PaymentLinkSentObject, SendPaymentLinkInput, UpdateAcquirerSettingsInput } from './payment-link.object';
import { PaymentLinksService } from './payment-links.service';

/** Issue #12 (E5): payment links (“Send payment link” in the order drawer) and Settings › Payments. */
@Resolver(() => OrderPaymentObject)
export class PaymentLinksResolver {
  constructor(
    private readonly links: PaymentLinksService,
    private readonly settings: AcquirerSettingsService,
  ) {}

  @Mutation(() => PaymentLinkSentObject, {
    description:
      '“Send payment link” (“Manage orders” and the right to reply in the conversation): makes or reuses the open link of a pending payment of a placed order whose type has an enabled acquirer, and posts it into the conversation (the order’s when conversationId is omitted); idempotent on clientId. Refusals are BAD_USER_INPUT with extensions.reason (PAYMENT_TYPE_HAS_NO_ACQUIRER, ACQUIRER_DISABLED, ACQUIRER_NOT_CONFIGURED, PAYMENT_NOT_PENDING, ORDER_IS_DRAFT, NO_CONVERSATION).',
  })
  async sendPaymentLink(@CurrentUser() user: AuthUser, @Args('input') input: SendPaymentLinkInput): Promise<PaymentLinkSentObject> {
    return this.links.send(user, input);
  }

  @Query(() => PaymentLinkObject, { nullable: true, description: 'The payment’s newest payment link, or null.' })
  paymentLink(@CurrentUser() user: AuthUser, @Args('paymentId', { type: () => ID }) paymentId: string): Promise<PaymentLinkObject | null> {
    return this.links.forPayment(user, paymentId);
  }

  @Query(() => [AcquirerSettingsObject], { description: 'The acquirers and their settings in the workspace (“Configure orders, delivery and payments”); secrets only as set or not.' })
  acquirerSettings(@CurrentUser() user: AuthUser): Promise<AcquirerSettingsObject[]> {
    return this.settings.list(user);
  }

  @Mutation(() => AcquirerSettingsObject, { description: 'Switches an acquirer on or off and sets its secrets (write-only; an omitted secret is kept).' })
  updateAcquirerSettings(@CurrentUser() user: AuthUser, @Args('input') input: UpdateAcquirerSettingsInput): Promise<AcquirerSettingsObject> {
    return this.settings.update(user, input);
  }

  @ResolveField(() => PaymentLinkObject, { nullable: true, description: 'The payment’s newest payment link (batched per request).' })
  link(@Parent() p: OrderPaymentObject, @CurrentUser() user: AuthUser, @Context() ctx: object): Promise<PaymentLinkObject | null> {
    return loaderFor(ctx, 'paymentLinks', () => new DataLoader<string, PaymentLinkObject | null>((ids) => this.links.latestFor(user.workspaceId, ids))).load(p.id);
  }
}
