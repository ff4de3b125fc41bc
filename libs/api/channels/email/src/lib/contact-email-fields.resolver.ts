import { Context, Field, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactObject } from '@parley/api/contacts';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { loaderFor } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';

@ObjectType('EmailBounce', { description: "Mail to the contact's address bounced (a delivery status notification); cleared when they write again." })
export class EmailBounceObject {
  @Field() since: Date;
  @Field(() => String, { nullable: true, description: "The receiving server's words." }) reason: string | null;
}

/** Issue #10: the e-mail side of `Contact` (whether their address bounces), batched per request and scoped to the workspace. */
@Resolver(() => ContactObject)
export class ContactEmailFieldsResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ResolveField(() => EmailBounceObject, { nullable: true, description: "Set while mail to the contact's address bounces: nothing automatic is sent to it." })
  async emailBounce(@Parent() contact: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<EmailBounceObject | null> {
    const loader = loaderFor(ctx, 'contactEmailBounce', () =>
      new DataLoader<string, EmailBounceObject | null>(async (ids) => {
        const rows: Array<{ id: string; email_bouncing_at: Date; email_bounce_reason: string | null }> = await this.db.query(
          `SELECT id, email_bouncing_at, email_bounce_reason FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND email_bouncing_at IS NOT NULL`,
          [user.workspaceId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, { since: new Date(r.email_bouncing_at), reason: r.email_bounce_reason }]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
    return loader.load(contact.id);
  }
}
