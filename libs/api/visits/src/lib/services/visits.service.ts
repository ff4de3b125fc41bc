import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MAX_EVENTS_PER_VISIT, VISIT_IDLE_MS } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CartItem } from '@parley/shared/contracts';
import { cartLineTotal, cartTotals, readStoredCart } from '../cart';
import { VisitCartItemObject, VisitorCartObject, VisitorVisitObject } from '../dto/visitor-visit.object';
import { PageViewInput, parseCart, TrackEventInput } from '../visit-input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The visitor whose browser is on the site: a web chat visitor of a channel in a workspace. */
export interface VisitorRef {
  workspaceId: string;
  channelId: string;
  visitorId: string;
}

/** What the connection tells about the browser (User-Agent, IP location); kept with a new visit. */
export interface VisitClient {
  browser: string | null;
  os: string | null;
  country: string | null;
  city: string | null;
}

const ON_SITE_MS = 5 * 60 * 1000;
const PAGES = 50;

/**
 * The visits domain (SPEC E8): visits and their page views / custom events (`visits`,
 * `visit_events`) and the visitor's cart. The cart is kept on the web chat's `visitors` row
 * (columns `cart`, `cart_updated_at`); this service is the only code that writes them.
 *
 * Recording takes the caller's transaction, in which the caller holds the visitor's row lock
 * (`SELECT … FROM visitors … FOR UPDATE`): one visitor's page views and events are serialised, so
 * finding the open visit, counting its stored events and inserting cannot race.
 */
@Injectable()
export class VisitsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Parley.setCart: replaces the visitor's cart (validated: VisitInputException on `items…`; prices
   * stored as decimal strings). Returns the visitor's conversation (null before they chat), whose
   * open side panels the caller tells (ConversationLiveService.visitorCartChanged).
   */
  async setCart(visitorId: string, items: unknown): Promise<{ conversationId: string | null }> {
    const json = parseCart(items);
    const [rows] = await this.db.query(`UPDATE visitors SET cart = $2::jsonb, cart_updated_at = now() WHERE id = $1 RETURNING conversation_id`, [visitorId, json]);
    return { conversationId: (rows?.[0]?.conversation_id as string | null | undefined) ?? null };
  }

  /**
   * The same cart update from a shop's server (issue #15's REST endpoint, with a workspace API
   * key): the cart is checked exactly like Parley.setCart's, and only a visitor of that workspace
   * is touched. null when the workspace has no such visitor.
   */
  async setCartInWorkspace(workspaceId: string, visitorId: string, items: unknown): Promise<{ conversationId: string | null } | null> {
    const json = parseCart(items);
    if (!UUID.test(visitorId)) return null;
    const [rows] = await this.db.query(`UPDATE visitors SET cart = $3::jsonb, cart_updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING conversation_id`, [visitorId, workspaceId, json]);
    if (!rows?.length) return null;
    return { conversationId: (rows[0].conversation_id as string | null) ?? null };
  }

  /**
   * SPEC E9: the cart of the web chat visitor behind the conversation (the one who wrote in it
   * last), with line totals and a total per currency; an empty cart when the visitor never
   * reported one. The caller checked that the reader may see the conversation.
   */
  async cartForConversation(workspaceId: string, conversationId: string): Promise<VisitorCartObject> {
    const [v] = await this.db.query(
      `SELECT cart, cart_updated_at FROM visitors WHERE conversation_id = $1 AND workspace_id = $2 ORDER BY cart_updated_at DESC NULLS LAST, last_seen_at DESC NULLS LAST LIMIT 1`,
      [conversationId, workspaceId],
    );
    const items = readStoredCart(v?.cart);
    return { conversationId, items: items.map(toCartItemObject), totals: cartTotals(items), updatedAt: v?.cart_updated_at ? new Date(v.cart_updated_at) : null };
  }

  /** A page view in the visitor's current visit (a new visit after VISIT_IDLE_MS of silence); stored up to MAX_EVENTS_PER_VISIT per visit. */
  async recordPageView(m: EntityManager, v: VisitorRef, page: PageViewInput, client: VisitClient): Promise<void> {
    const visitId = await this.currentVisit(m, v, { url: page.url, referrer: page.referrer, utm: page.utm, language: page.language, screen: page.screen }, client);
    const [visit] = await m.query(`SELECT events_stored FROM visits WHERE id = $1`, [visitId]);
    const store = visit.events_stored < MAX_EVENTS_PER_VISIT;
    await m.query(`UPDATE visits SET page_views = page_views + 1, last_seen_at = now(), current_url = $2, current_title = $3, events_stored = events_stored + $4 WHERE id = $1`, [visitId, page.url, page.title, store ? 1 : 0]);
    if (store) await m.query(`INSERT INTO visit_events (workspace_id, visit_id, kind, url, title) VALUES ($1, $2, 'page', $3, $4)`, [v.workspaceId, visitId, page.url, page.title]);
  }

  /** A Parley.track event in the visitor's current visit (stored up to MAX_EVENTS_PER_VISIT per visit). */
  async recordEvent(m: EntityManager, v: VisitorRef, e: TrackEventInput, client: VisitClient): Promise<void> {
    const visitId = await this.currentVisit(m, v, { url: null, referrer: null, utm: { source: null, medium: null, campaign: null }, language: null, screen: null }, client);
    const [visit] = await m.query(`SELECT events_stored FROM visits WHERE id = $1`, [visitId]);
    await m.query(`UPDATE visits SET last_seen_at = now(), events_stored = events_stored + $2 WHERE id = $1`, [visitId, visit.events_stored < MAX_EVENTS_PER_VISIT ? 1 : 0]);
    if (visit.events_stored < MAX_EVENTS_PER_VISIT) await m.query(`INSERT INTO visit_events (workspace_id, visit_id, kind, name, data) VALUES ($1, $2, 'event', $3, $4::jsonb)`, [v.workspaceId, visitId, e.event, e.json]);
  }

  /** The visitor's visit that is still going (seen within VISIT_IDLE_MS), else a new one. */
  private async currentVisit(
    m: EntityManager,
    v: VisitorRef,
    p: { url: string | null; referrer: string | null; utm: PageViewInput['utm']; language: string | null; screen: string | null },
    client: VisitClient,
  ): Promise<string> {
    const [open] = await m.query(`SELECT id FROM visits WHERE visitor_id = $1 AND last_seen_at > now() - ($2 || ' milliseconds')::interval ORDER BY started_at DESC LIMIT 1`, [v.visitorId, String(VISIT_IDLE_MS)]);
    if (open) {
      if (p.language || p.screen) await m.query(`UPDATE visits SET language = COALESCE($2, language), screen = COALESCE($3, screen) WHERE id = $1`, [open.id, p.language, p.screen]);
      return open.id as string;
    }
    const [created] = await m.query(
      `INSERT INTO visits (workspace_id, channel_id, visitor_id, landing_url, referrer, utm_source, utm_medium, utm_campaign, browser, os, language, screen, country, city)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [v.workspaceId, v.channelId, v.visitorId, p.url, p.referrer || null, p.utm.source, p.utm.medium, p.utm.campaign, client.browser, client.os, p.language, p.screen, client.country, client.city],
    );
    return created.id as string;
  }

  /**
   * The latest visit of the web chat visitor behind a conversation, with its newest pages and the
   * visitor's cart; null when none was recorded. The caller checked that the reader may see the
   * conversation. Reads the `visitors` row for the link to the conversation and what the visitor
   * told about themselves (verified / unverified identity), in the same query.
   */
  async latestForConversation(workspaceId: string, conversationId: string): Promise<VisitorVisitObject | null> {
    const [visit] = await this.db.query(
      `SELECT t.*, v.verified, v.cart, v.unverified_identity,
              (SELECT count(*)::int FROM visits x WHERE x.visitor_id = t.visitor_id AND x.started_at <= t.started_at) AS visit_number
         FROM visitors v JOIN LATERAL (SELECT * FROM visits WHERE visitor_id = v.id ORDER BY started_at DESC LIMIT 1) t ON true
        WHERE v.conversation_id = $1 AND v.workspace_id = $2
        ORDER BY t.last_seen_at DESC LIMIT 1`,
      [conversationId, workspaceId],
    );
    if (!visit) return null;
    const pages = await this.db.query(`SELECT url, title, created_at FROM visit_events WHERE visit_id = $1 AND kind = 'page' ORDER BY id DESC LIMIT ${PAGES}`, [visit.id]);
    const last = new Date(visit.last_seen_at);
    const cart = readStoredCart(visit.cart).map(toCartItemObject);
    return {
      id: visit.id,
      conversationId,
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
}

const toCartItemObject = (i: CartItem): VisitCartItemObject => ({
  id: i.id,
  name: i.name,
  quantity: i.quantity,
  price: i.price ?? null,
  currency: i.currency ?? null,
  lineTotal: cartLineTotal(i),
  url: i.url ?? null,
  sku: i.sku ?? null,
  imageUrl: i.imageUrl ?? null,
});

const claimed = (identity: unknown, key: string): string | null => {
  const v = identity && typeof identity === 'object' ? (identity as Record<string, unknown>)[key] : null;
  return typeof v === 'string' ? v : null;
};
