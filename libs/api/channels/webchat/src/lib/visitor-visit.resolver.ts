import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ConversationsService } from '@parley/api/conversations';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { InjectDataSource } from '@nestjs/typeorm';
import { OperatorRole } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { VisitCartItemObject, VisitorVisitObject } from './dto/visitor-visit.object';
import { IdentitySecretService } from './identity-secret.service';

const ON_SITE_MS = 5 * 60 * 1000;
const PAGES = 50;

/** The Visit widget's data (E8) and the channel identity secret for Parley.identify. */
@Resolver()
export class VisitorVisitResolver {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly secrets: IdentitySecretService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Query(() => VisitorVisitObject, { nullable: true, description: 'The latest visit of the web chat visitor behind the conversation; null when none was recorded. Anyone who may see the conversation.' })
  async visitorVisit(@CurrentUser() user: AuthUser, @Args('conversationId', { type: () => ID }) conversationId: string): Promise<VisitorVisitObject | null> {
    const conversation = await this.conversations.getForOperator(user, conversationId);
    const [visit] = await this.db.query(
      `SELECT t.*, v.verified, v.cart, v.unverified_identity,
              (SELECT count(*)::int FROM visits x WHERE x.visitor_id = t.visitor_id AND x.started_at <= t.started_at) AS visit_number
         FROM visitors v JOIN LATERAL (SELECT * FROM visits WHERE visitor_id = v.id ORDER BY started_at DESC LIMIT 1) t ON true
        WHERE v.conversation_id = $1 AND v.workspace_id = $2
        ORDER BY t.last_seen_at DESC LIMIT 1`,
      [conversation.id, user.workspaceId],
    );
    if (!visit) return null;
    const pages = await this.db.query(`SELECT url, title, created_at FROM visit_events WHERE visit_id = $1 AND kind = 'page' ORDER BY id DESC LIMIT ${PAGES}`, [visit.id]);
    const last = new Date(visit.last_seen_at);
    const cart: VisitCartItemObject[] = Array.isArray(visit.cart)
      ? visit.cart.map((i: Record<string, unknown>) => ({ id: String(i['id']), name: String(i['name']), quantity: Number(i['quantity']), price: typeof i['price'] === 'number' ? i['price'] : null, currency: (i['currency'] as string) ?? null, url: (i['url'] as string) ?? null }))
      : [];
    return {
      id: visit.id,
      conversationId: conversation.id,
      startedAt: new Date(visit.started_at),
      lastSeenAt: last,
      onSiteNow: Date.now() - last.getTime() < ON_SITE_MS,
      durationSeconds: Math.max(0, Math.round((last.getTime() - new Date(visit.started_at).getTime()) / 1000)),
      visitNumber: visit.visit_number,
      pageViews: visit.page_views,
      currentUrl: visit.current_url,
      currentTitle: visit.current_title,
      landingUrl: visit.landing_url,
      referrer: visit.referrer,
      utmSource: visit.utm_source,
      utmMedium: visit.utm_medium,
      utmCampaign: visit.utm_campaign,
      browser: visit.browser,
      os: visit.os,
      language: visit.language,
      screen: visit.screen,
      country: visit.country,
      city: visit.city,
      identityVerified: visit.verified === true,
      unverifiedName: claimed(visit.unverified_identity, 'name'),
      unverifiedEmail: claimed(visit.unverified_identity, 'email'),
      unverifiedPhone: claimed(visit.unverified_identity, 'phone'),
      pages: pages.map((p: { url: string; title: string | null; created_at: Date }) => ({ url: p.url, title: p.title, viewedAt: new Date(p.created_at) })),
      cart,
    };
  }

  @Roles(OperatorRole.admin)
  @Query(() => String, { description: 'Admins only. The secret the site uses to sign Parley.identify (HMAC-SHA256 of externalId or email); created on first read.' })
  webchatIdentitySecret(@CurrentUser() user: AuthUser, @Args('channelId', { type: () => ID }) channelId: string): Promise<string> {
    return this.secrets.get(user, channelId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => String, { description: 'Admins only. A new identity secret; hashes made with the old one stop verifying. Audited.' })
  regenerateWebchatIdentitySecret(@CurrentUser() user: AuthUser, @Args('channelId', { type: () => ID }) channelId: string): Promise<string> {
    return this.secrets.regenerate(user, channelId);
  }
}

const claimed = (identity: unknown, key: string): string | null => {
  const v = identity && typeof identity === 'object' ? (identity as Record<string, unknown>)[key] : null;
  return typeof v === 'string' ? v : null;
};
