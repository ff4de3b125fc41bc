import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { ClientProductInput, ClientProductObject, ProductCardSentObject, SendProductCardInput } from './client-product.object';
import { ClientProductsService } from './client-products.service';

/** Issue #12 (E3): the products widget — the client's interesting products, live through `contactChanged` (products_changed), and product cards sent into the chat. */
@Resolver(() => ClientProductObject)
export class ClientProductsResolver {
  constructor(private readonly products: ClientProductsService) {}

  @Query(() => [ClientProductObject], { description: 'The products the client was interested in, newest first (at most 100).' })
  clientProducts(@CurrentUser() user: AuthUser, @Args('contactId', { type: () => ID }) contactId: string): Promise<ClientProductObject[]> {
    return this.products.list(user, contactId);
  }

  @Mutation(() => [ClientProductObject], { description: 'Adds a product to the client’s list (“Edit clients”); returns the list.' })
  addClientProduct(@CurrentUser() user: AuthUser, @Args('input') input: ClientProductInput): Promise<ClientProductObject[]> {
    return this.products.add(user, input.contactId, input.productId);
  }

  @Mutation(() => [ClientProductObject], { description: 'Removes a product from the client’s list (“Edit clients”); returns the list.' })
  removeClientProduct(@CurrentUser() user: AuthUser, @Args('input') input: ClientProductInput): Promise<ClientProductObject[]> {
    return this.products.remove(user, input.contactId, input.productId);
  }

  @Mutation(() => ProductCardSentObject, { description: 'Sends the product to the client as a card priced in the chosen price type (web chat: a card; e-mail and messengers: the same as text). Needs the right to reply in the conversation; idempotent on clientId.' })
  async sendProductCard(@CurrentUser() user: AuthUser, @Args('input') input: SendProductCardInput): Promise<ProductCardSentObject> {
    const m = await this.products.sendCard(user, input.conversationId, input.productId, input.priceTypeId, input.clientId);
    return { messageId: m.id, seq: m.seq };
  }
}
