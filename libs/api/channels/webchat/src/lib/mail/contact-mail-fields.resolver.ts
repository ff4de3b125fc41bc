import { Context, Field, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ContactObject, ContactsService } from '@parley/api/contacts';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { loaderFor } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';

@ObjectType('ContactFormDetails', { description: 'Address and company the contact gave in the offline form (SPEC C2).' })
export class ContactFormDetailsObject {
  @Field(() => String, { nullable: true }) street: string | null;
  @Field(() => String, { nullable: true }) region: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) company: string | null;
}

interface ContactMailRow {
  formDetails: ContactFormDetailsObject | null;
  marketingConsentAt: Date | null;
}

/** The offline-form and consent side of `Contact`, batched per request. */
@Resolver(() => ContactObject)
export class ContactMailFieldsResolver {
  constructor(private readonly contacts: ContactsService) {}

  @ResolveField(() => ContactFormDetailsObject, { nullable: true })
  async formDetails(@Parent() contact: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactFormDetailsObject | null> {
    return (await this.loader(ctx, user).load(contact.id))?.formDetails ?? null;
  }

  @ResolveField(() => Date, { nullable: true, description: 'When the contact confirmed marketing consent by the double opt-in link (SPEC C8); null until then.' })
  async marketingConsentAt(@Parent() contact: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<Date | null> {
    return (await this.loader(ctx, user).load(contact.id))?.marketingConsentAt ?? null;
  }

  private loader(ctx: GqlContext, user: AuthUser): DataLoader<string, ContactMailRow | null> {
    return loaderFor(ctx, 'contactMailFields', () => new DataLoader<string, ContactMailRow | null>(async (ids) => {
      const rows = await this.contacts.mailFieldsOf(user.workspaceId, ids);
      return rows.map((r) => {
        if (!r) return null;
        const d = r.formDetails;
        return {
          formDetails: d ? { street: d['street'] ?? null, region: d['region'] ?? null, city: d['city'] ?? null, postalCode: d['postalCode'] ?? null, company: d['company'] ?? null } : null,
          marketingConsentAt: r.marketingConsentAt,
        };
      });
    }));
  }
}
