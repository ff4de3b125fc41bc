import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('VisitPage', { description: 'One page the visitor viewed.' })
export class VisitPageObject {
  @Field() url: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field() viewedAt: Date;
}

@ObjectType('VisitCartItem', { description: 'One item of the cart the site reported with Parley.setCart.' })
export class VisitCartItemObject {
  @Field({ description: "The site's own id of the item" }) id: string;
  @Field() name: string;
  @Field(() => Int) quantity: number;
  @Field(() => String, { nullable: true, description: 'Unit price: a decimal string with the currency’s digits ("18.50")' }) price: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217; set whenever price is' }) currency: string | null;
  @Field(() => String, { nullable: true, description: 'price × quantity (decimal string)' }) lineTotal: string | null;
  @Field(() => String, { nullable: true, description: 'An http(s) URL of the product page' }) url: string | null;
  @Field(() => String, { nullable: true, description: 'The SKU, to match the catalogue' }) sku: string | null;
  @Field(() => String, { nullable: true, description: 'An http(s) URL of the product image' }) imageUrl: string | null;
}

@ObjectType('VisitCartTotal', { description: 'The cart’s sum in one currency (computed on the server with decimal arithmetic).' })
export class VisitCartTotalObject {
  @Field() currency: string;
  @Field({ description: 'A decimal string with the currency’s digits' }) amount: string;
  @Field(() => Int, { description: 'Units (sum of quantities) in this currency' }) quantity: number;
}

@ObjectType('VisitorCart', { description: 'SPEC E9: the current cart of the web chat visitor behind a conversation (Parley.setCart).' })
export class VisitorCartObject {
  @Field(() => ID) conversationId: string;
  @Field(() => [VisitCartItemObject]) items: VisitCartItemObject[];
  @Field(() => [VisitCartTotalObject], { description: 'One per currency the priced items use' }) totals: VisitCartTotalObject[];
  @Field(() => Date, { nullable: true, description: 'When the site last called Parley.setCart; null when it never did' }) updatedAt: Date | null;
}

@ObjectType('VisitorVisit', { description: "The web chat visitor's current (latest) visit behind a conversation (SPEC E8)." })
export class VisitorVisitObject {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field() startedAt: Date;
  @Field() lastSeenAt: Date;
  @Field({ description: 'A page view within the last 5 minutes, or a widget connected now' }) onSiteNow: boolean;
  @Field(() => Int) durationSeconds: number;
  @Field(() => Int, { description: '1 for the first visit' }) visitNumber: number;
  @Field(() => Int) pageViews: number;
  @Field(() => String, { nullable: true }) currentUrl: string | null;
  @Field(() => String, { nullable: true }) currentTitle: string | null;
  @Field(() => String, { nullable: true }) landingUrl: string | null;
  @Field(() => String, { nullable: true }) referrer: string | null;
  @Field(() => String, { nullable: true }) utmSource: string | null;
  @Field(() => String, { nullable: true }) utmMedium: string | null;
  @Field(() => String, { nullable: true }) utmCampaign: string | null;
  @Field(() => String, { nullable: true }) browser: string | null;
  @Field(() => String, { nullable: true }) os: string | null;
  @Field(() => String, { nullable: true }) language: string | null;
  @Field(() => String, { nullable: true }) screen: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, from the IP' }) country: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field({ description: 'The visitor was identified with a valid hash (Parley.identify)' }) identityVerified: boolean;
  @Field(() => String, { nullable: true, description: 'Parley.identify without a hash: what the page claimed, not verified' }) unverifiedName: string | null;
  @Field(() => String, { nullable: true, description: 'Parley.identify without a hash: not verified' }) unverifiedEmail: string | null;
  @Field(() => String, { nullable: true, description: 'Parley.identify without a hash: not verified' }) unverifiedPhone: string | null;
  @Field(() => [VisitPageObject], { description: 'Newest first, at most 50' }) pages: VisitPageObject[];
  @Field(() => [VisitCartItemObject], { description: 'From Parley.setCart' }) cart: VisitCartItemObject[];
}
