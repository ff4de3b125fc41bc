import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext, RequirePermission } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { CatalogueService } from './catalogue.service';
import { CatalogueMatchObject, ProductCategoryObject, ProductConnectionObject, ProductFiltersObject, ProductInput, ProductObject, ProductPriceObject, ProductPriceTypeObject, ProductSearchInput } from './product.object';

/** Issue #12 (E3): the catalogue over GraphQL — every operator searches it; holders of "Manage catalogue" create and edit. */
@Resolver(() => ProductObject)
export class ProductsResolver {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly access: OperatorAccessService,
  ) {}

  @Query(() => ProductConnectionObject, { description: 'The product popup’s search: words, filters, sort; keyset pages of `first` (1..50) after `endCursor`.' })
  async products(
    @CurrentUser() user: AuthUser,
    @Args('filter', { type: () => ProductSearchInput, nullable: true }) filter: ProductSearchInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ProductConnectionObject> {
    const canManage = !!filter?.includeInactive && (user.role === OperatorRole.admin || (await this.access.permissions(user)).has(Permission.manage_catalogue));
    return this.catalogue.search(user.workspaceId, filter, first, after ?? null, canManage);
  }

  @Query(() => ProductObject, { description: 'One product or service (NOT_FOUND for another workspace’s).' })
  product(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ProductObject> {
    return this.catalogue.get(user.workspaceId, id);
  }

  @Query(() => [CatalogueMatchObject], { description: 'SPEC E9: the active products named by SKU or external id (a cart’s items; at most 100 codes). Every operator, like the search.' })
  catalogueMatches(@CurrentUser() user: AuthUser, @Args('codes', { type: () => [String] }) codes: string[]): Promise<CatalogueMatchObject[]> {
    return this.catalogue.matchCodes(user.workspaceId, codes);
  }

  @Query(() => ProductFiltersObject, { description: 'Categories, properties and their values, price types and the price range: the popup’s filter column.' })
  productFilters(@CurrentUser() user: AuthUser): Promise<ProductFiltersObject> {
    return this.catalogue.filters(user.workspaceId);
  }

  @Query(() => [ProductPriceTypeObject], { description: 'The price types, the base one first.' })
  productPriceTypes(@CurrentUser() user: AuthUser): Promise<ProductPriceTypeObject[]> {
    return this.catalogue.priceTypes(user.workspaceId);
  }

  @RequirePermission(Permission.manage_catalogue)
  @Mutation(() => ProductObject, { description: 'Creates a product or service (“Manage catalogue”). BAD_USER_INPUT with fieldErrors (a taken SKU, a price with too many decimals…).' })
  createProduct(@CurrentUser() user: AuthUser, @Args('input') input: ProductInput): Promise<ProductObject> {
    return this.catalogue.create(user.workspaceId, input);
  }

  @RequirePermission(Permission.manage_catalogue)
  @Mutation(() => ProductObject, { description: 'Saves a product or service (“Manage catalogue”).' })
  updateProduct(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('input') input: ProductInput): Promise<ProductObject> {
    return this.catalogue.update(user.workspaceId, id, input);
  }

  @ResolveField(() => [ProductPriceObject], { description: 'Its price in every price type it has, the base one first.' })
  prices(@Parent() p: ProductObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ProductPriceObject[]> {
    return loaderFor(ctx, 'productPrices', () => new DataLoader<ProductObject, ProductPriceObject[], string>((ps) => this.catalogue.pricesOf(user.workspaceId, ps), { cacheKeyFn: (x) => x.id })).load(p);
  }

  @ResolveField(() => ProductCategoryObject, { nullable: true })
  async category(@Parent() p: ProductObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ProductCategoryObject | null> {
    if (!p.categoryId) return null;
    return loaderFor(ctx, 'productCategories', () => new DataLoader<string, ProductCategoryObject | null>(async (ids) => byKeys(ids, await this.catalogue.categoriesByIds(user.workspaceId, ids), (c) => c.id))).load(p.categoryId);
  }
}
