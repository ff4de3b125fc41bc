import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('VisitPage', { description: 'One page the visitor viewed.' })
export class VisitPageObject {
  @Field() url: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field() viewedAt: Date;
}

@ObjectType('VisitCartItem')
export class VisitCartItemObject {
  @Field() id: string;
  @Field() name: string;
  @Field(() => Int) quantity: number;
  @Field(() => Float, { nullable: true }) price: number | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field(() => String, { nullable: true }) url: string | null;
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
