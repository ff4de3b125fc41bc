import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

export enum ProductSort {
  RELEVANCE = 'RELEVANCE',
  NAME = 'NAME',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
}
registerEnumType(ProductSort, { name: 'ProductSort', description: 'RELEVANCE (the default with a query: best match first), NAME, or the base price up or down.' });

export enum ProductKindEnum {
  product = 'product',
  service = 'service',
}
registerEnumType(ProductKindEnum, { name: 'ProductKind' });

@ObjectType('ProductPriceType', { description: 'A price type (retail, wholesale…) with its currency; exactly one is the base price type, the one products are sorted and filtered by.' })
export class ProductPriceTypeObject {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field() currency: string;
  @Field() isBase: boolean;
}

@ObjectType('ProductPrice')
export class ProductPriceObject {
  @Field(() => ProductPriceTypeObject) priceType: ProductPriceTypeObject;
  @Field({ description: 'Exact decimal with the currency’s digits ("18.00").' }) amount: string;
  @Field() currency: string;
}

@ObjectType('ProductCategory')
export class ProductCategoryObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { nullable: true }) parentId: string | null;
}

@ObjectType('ProductProperty')
export class ProductPropertyObject {
  @Field() name: string;
  @Field() value: string;
}

@ObjectType('Product', { description: 'Issue #12 (E3): a product or a service of the catalogue.' })
export class ProductObject {
  @Field(() => ID) id: string;
  @Field(() => ProductKindEnum) kind: ProductKindEnum;
  @Field() sku: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field({ description: 'The base price type’s amount, exact ("18.00").' }) price: string;
  @Field() currency: string;
  @Field() active: boolean;
  @Field(() => ID, { nullable: true }) categoryId: string | null;
  @Field(() => String, { nullable: true, description: 'The product’s page on the shop.' }) url: string | null;
  @Field(() => [String]) images: string[];
  @Field(() => [ProductPropertyObject]) properties: ProductPropertyObject[];
  @Field(() => String, { nullable: true, description: 'Units in stock (exact decimal); null when not tracked.' }) stock: string | null;
  @Field({ description: 'In stock, or stock not tracked (services).' }) inStock: boolean;
  @Field(() => String, { nullable: true }) weightKg: string | null;
  @Field(() => String, { nullable: true }) vendor: string | null;
  @Field() updatedAt: Date;
}

@ObjectType('CatalogueMatch', { description: 'A code (an SKU, or a shop’s own product id) and the active catalogue product it names.' })
export class CatalogueMatchObject {
  @Field({ description: 'The code as asked' }) code: string;
  @Field({ description: 'true: matched the SKU; false: the external id (a feed’s offer id)' }) bySku: boolean;
  @Field(() => ProductObject) product: ProductObject;
}

@ObjectType('ProductPageInfo')
export class ProductPageInfoObject {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('ProductConnection')
export class ProductConnectionObject {
  @Field(() => [ProductObject]) nodes: ProductObject[];
  @Field(() => ProductPageInfoObject) pageInfo: ProductPageInfoObject;
}

@ObjectType('ProductPropertyFacet', { description: 'A property name and the values products have for it (the search popup’s filters).' })
export class ProductPropertyFacetObject {
  @Field() name: string;
  @Field(() => [String]) values: string[];
}

@ObjectType('ProductFilters', { description: 'What the product search popup offers to filter by.' })
export class ProductFiltersObject {
  @Field(() => [ProductCategoryObject], { description: 'Every category, by name (the tree is parentId).' }) categories: ProductCategoryObject[];
  @Field(() => [ProductPropertyFacetObject]) properties: ProductPropertyFacetObject[];
  @Field(() => [ProductPriceTypeObject], { description: 'The price types, the base one first.' }) priceTypes: ProductPriceTypeObject[];
  @Field(() => String, { nullable: true, description: 'The lowest base price of an active product.' }) priceMin: string | null;
  @Field(() => String, { nullable: true }) priceMax: string | null;
  @Field({ description: 'The base price type’s currency.' }) currency: string;
}

@InputType()
export class ProductPropertyFilterInput {
  @Field() @Allow() name: string;
  @Field(() => [String], { description: 'Any of these values (OR); several properties combine with AND.' }) @Allow() values: string[];
}

@InputType({ description: 'Search and filters of the product popup; every part optional.' })
export class ProductSearchInput {
  @Field(() => String, { nullable: true, description: 'Words of the name, SKU, vendor or description (prefixes match; typos and partial SKUs too). At most 200 characters.' })
  @Allow()
  query?: string | null;
  @Field(() => ID, { nullable: true, description: 'Products of this category and its subcategories.' }) @IsOptional() @IsUUID('all', { message: 'categoryId must be a UUID' }) categoryId?: string | null;
  @Field(() => String, { nullable: true, description: 'Base price from (inclusive).' }) @Allow() priceMin?: string | null;
  @Field(() => String, { nullable: true, description: 'Base price up to (inclusive).' }) @Allow() priceMax?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only products in stock (or not tracked).' }) @Allow() inStock?: boolean | null;
  @Field(() => ProductKindEnum, { nullable: true }) @Allow() kind?: ProductKindEnum | null;
  @Field(() => [ProductPropertyFilterInput], { nullable: true }) @Allow() properties?: ProductPropertyFilterInput[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Include inactive products (holders of "Manage catalogue" only).' }) @Allow() includeInactive?: boolean | null;
  @Field(() => ProductSort, { nullable: true }) @Allow() sort?: ProductSort | null;
}

@InputType()
export class ProductPropertyInput {
  @Field() @Allow() name: string;
  @Field() @Allow() value: string;
}

@InputType()
export class ProductPriceInput {
  @Field(() => ID) @IsUUID('all', { message: 'priceTypeId must be a UUID' }) priceTypeId: string;
  @Field({ description: 'Exact decimal in the price type’s currency; empty removes the price.' }) @Allow() amount: string;
}

@InputType({ description: 'A product or service as the create form sends it. BAD_USER_INPUT with fieldErrors for every field that is wrong.' })
export class ProductInput {
  @Field(() => ProductKindEnum, { nullable: true, defaultValue: ProductKindEnum.product }) @Allow() kind?: ProductKindEnum;
  @Field() @Allow() sku: string;
  @Field() @Allow() name: string;
  @Field(() => String, { nullable: true }) @Allow() description?: string | null;
  @Field({ description: 'The base price type’s amount.' }) @Allow() price: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'categoryId must be a UUID' }) categoryId?: string | null;
  @Field(() => String, { nullable: true }) @Allow() url?: string | null;
  @Field(() => [String], { nullable: true }) @Allow() images?: string[] | null;
  @Field(() => [ProductPropertyInput], { nullable: true }) @Allow() properties?: ProductPropertyInput[] | null;
  @Field(() => String, { nullable: true, description: 'Units in stock; empty: not tracked.' }) @Allow() stock?: string | null;
  @Field(() => String, { nullable: true }) @Allow() weightKg?: string | null;
  @Field(() => String, { nullable: true }) @Allow() vendor?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) @Allow() active?: boolean;
  @Field(() => [ProductPriceInput], { nullable: true, description: 'Amounts of the other price types.' }) @Allow() prices?: ProductPriceInput[] | null;
}
