import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactIdentitiesService } from '@parley/api/contacts';
import { ConversationEntity, conversationSnapshot, InboxEventKind, InboxEventPayload, mapConversationRow } from '@parley/api/conversations';
import { DomainException } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import {
  CART_LIMITS,
  CartItem,
  CONTACT_LIMITS,
  contactValueError,
  ErrorCode,
  MAX_EVENTS_PER_VISIT,
  PAGE_LIMITS,
  PRECHAT_FIELDS,
  PreChatField,
  PreChatFieldSetting,
  TRACK_DATA_MAX_BYTES,
  TRACK_EVENT_PATTERN,
  VISIT_IDLE_MS,
  VisitorInfoFrame,
} from '@parley/shared/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { batchPerTick } from '@parley/api/platform/database';
import { DataSource, EntityManager } from 'typeorm';
import type { UserAgentInfo } from './client-info';
import type { GeoLocation } from './geoip.service';
import { ContactAcquisitionService } from './contact-acquisition.service';
import { IdentitySecretService } from './identity-secret.service';
import { MarketingConsentService } from './mail/marketing-consent.service';
import { WebchatMailSettingsService } from './mail/webchat-mail-settings.service';
import { visitorIdentity } from './webchat.adapter';
import { readWebchatSettings, widgetSettings } from './webchat-settings';

/** The pre-chat form's consent box was ticked but no e-mail is known to send the confirmation to. */
export const CONSENT_NEEDS_EMAIL = 'Enter your e-mail address to confirm the subscription';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A bad value in a frame: answered with an `error` frame naming the field. */
export class FieldException extends DomainException {
  constructor(code: ErrorCode, readonly field: string, message: string) {
    super(code, message, { field });
  }

  /** The socket answer names the field too. */
  override toFrame() {
    return { ...super.toFrame(), field: this.field };
  }
}

export interface VisitorContext {
  visitorId: string;
  workspaceId: string;
  channelId: string;
}

export interface ConnectionInfo {
  ua: UserAgentInfo;
  geo: GeoLocation | null;
}

interface ContactRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
}

/**
 * The widget's extras on the visitor socket: the pre-chat form (C3), identify / cart / track of
 * the public JS API, and page views of the visit (E8). Everything here is untrusted input from a
 * browser: validated, size-limited, stored under the visitor's workspace.
 */
@Injectable()
export class VisitorFeaturesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: IdentitySecretService,
    private readonly acquisition: ContactAcquisitionService,
    private readonly mailSettings: WebchatMailSettingsService,
    private readonly consent: MarketingConsentService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly identities: ContactIdentitiesService,
  ) {}

  /**
   * Issue #17: the visitor's contact changed (pre-chat form, Parley.identify moving the chat to a
   * known contact): operators' lists, open conversation and side panel follow without a reload.
   */
  private async announceContactChange(ctx: VisitorContext): Promise<void> {
    const [row] = await this.db.query(
      `SELECT c.* FROM visitors v JOIN conversations c ON c.id = v.conversation_id AND c.workspace_id = v.workspace_id
        WHERE v.id = $1 AND v.workspace_id = $2 AND c.deleted_at IS NULL`,
      [ctx.visitorId, ctx.workspaceId],
    );
    if (!row) return; // no chat yet: nothing on an operator's screen shows this contact
    const c = this.db.getRepository(ConversationEntity).create(mapConversationRow(row));
    const event: InboxEventPayload = { kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null };
    await this.bus.publish(Topics.inbox(ctx.workspaceId), event);
  }

  /** Stores the country/city and tells the widget what it needs right after `welcome`. */
  async visitorInfo(ctx: VisitorContext, conn: ConnectionInfo): Promise<VisitorInfoFrame> {
    if (conn.geo) await this.geoLoader.load({ visitorId: ctx.visitorId, country: conn.geo.country, city: conn.geo.city });
    const { askFields, known } = fieldsToAsk(await this.askRowLoader.load(ctx));
    return { type: 'visitor', country: conn.geo?.country ?? null, askFields, known };
  }

  /** Every widget's hello stores its location: one UPDATE per tick for all of them. */
  private readonly geoLoader = batchPerTick<{ visitorId: string; country: string | null; city: string | null }, void>(async (keys) => {
    await this.db.query(
      `UPDATE visitors v SET country = k.country, city = k.city
         FROM (SELECT DISTINCT ON (id) * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(id, country, city)) k
        WHERE v.id = k.id`,
      [keys.map((k) => k.visitorId), keys.map((k) => k.country), keys.map((k) => k.city)],
    );
    return keys.map(() => undefined);
  });

  /** The hello's pre-chat lookup (`askFields`) of every widget of a tick in one query. */
  private readonly askRowLoader = batchPerTick<VisitorContext, AskRow>(async (keys) => {
    const rows: Array<AskRow & { i: string }> = await this.db.query(
      `SELECT k.i, ${ASK_COLUMNS}
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(visitor_id, workspace_id, i)
         JOIN visitors v ON v.id = k.visitor_id AND v.workspace_id = k.workspace_id
         JOIN channels ch ON ch.id = v.channel_id
         LEFT JOIN contacts c ON c.id = v.contact_id`,
      [keys.map((k) => k.visitorId), keys.map((k) => k.workspaceId)],
    );
    const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
    return keys.map((_, i) => byIndex.get(i + 1) ?? new DomainException(ErrorCode.NotFound, 'Visitor not found'));
  });

  /** The configured pre-chat fields the visitor's contact has no value for (none for known contacts when so configured). */
  async askFields(ctx: VisitorContext, m: EntityManager = this.db.manager): Promise<{ askFields: PreChatFieldSetting[]; known: boolean }> {
    const [row] = await m.query(
      `SELECT ${ASK_COLUMNS}
         FROM visitors v JOIN channels ch ON ch.id = v.channel_id
         LEFT JOIN contacts c ON c.id = v.contact_id
        WHERE v.id = $1 AND v.workspace_id = $2`,
      [ctx.visitorId, ctx.workspaceId],
    );
    if (!row) throw new DomainException(ErrorCode.NotFound, 'Visitor not found');
    return fieldsToAsk(row);
  }

  /** The pre-chat form: every value checked (format, length, unknown fields), then stored on the visitor's contact. */
  async saveContact(ctx: VisitorContext, frame: Obj): Promise<PreChatFieldSetting[]> {
    const values = frame['values'];
    if (!isObj(values)) throw new FieldException(ErrorCode.BadFrame, 'values', 'contact needs values: { name?, email?, phone? }');
    const clean: Partial<Record<PreChatField, string>> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!(PRECHAT_FIELDS as readonly string[]).includes(key)) throw new FieldException(ErrorCode.BadUserInput, key.slice(0, 40), `Unknown field "${key.slice(0, 40)}"`);
      const field = key as PreChatField;
      if (value === '' || value === null || value === undefined) continue;
      const error = contactValueError(field, value);
      if (error) throw new FieldException(ErrorCode.BadUserInput, field, error);
      clean[field] = (value as string).trim();
    }
    const consent = frame['consent'];
    if (consent !== undefined && typeof consent !== 'boolean') throw new FieldException(ErrorCode.BadUserInput, 'consent', 'consent must be true or false');
    const { askFields } = await this.askFields(ctx);
    const missing = askFields.find((f) => f.required && !clean[f.field]);
    if (missing) throw new FieldException(ErrorCode.BadUserInput, missing.field, 'Required');
    const wantsConsent = consent === true && (await this.mailSettings.get(ctx.channelId)).marketingConsent.enabled;
    await this.db.transaction(async (m) => {
      const contactId = await this.ensureContact(m, ctx);
      // fill what the contact lacks; what it already knows is not overwritten by an unverified form
      await m.query(
        `UPDATE contacts SET name = COALESCE(name, $2), email = COALESCE(email, $3), phone = COALESCE(phone, $4), updated_at = now() WHERE id = $1 AND workspace_id = $5`,
        [contactId, clean.name ?? null, clean.email ?? null, clean.phone ?? null, ctx.workspaceId],
      );
      await this.acquisition.apply(m, ctx.workspaceId, ctx.channelId, contactId);
      // the visitor answered: optional fields left empty are not asked again, on any page (SPEC C3)
      await m.query(`UPDATE visitors SET prechat_answered_at = now() WHERE id = $1 AND prechat_answered_at IS NULL`, [ctx.visitorId]);
      if (wantsConsent) {
        const [contact] = await m.query(`SELECT email, marketing_consent_at FROM contacts WHERE id = $1 AND workspace_id = $2`, [contactId, ctx.workspaceId]);
        await this.requestConsent(m, ctx, contactId, clean.email ?? contact?.email ?? null, contact?.marketing_consent_at ?? null);
      }
    });
    await this.announceContactChange(ctx);
    return (await this.askFields(ctx)).askFields;
  }

  /**
   * SPEC C8 from the pre-chat form: the same double opt-in e-mail as the offline form's, to the
   * address just given (else the one the contact has). Nothing when the contact already consented
   * or a link sent to that address is still waiting to be opened.
   */
  private async requestConsent(m: EntityManager, ctx: VisitorContext, contactId: string, email: string | null, consentedAt: Date | null): Promise<void> {
    if (!email) throw new FieldException(ErrorCode.BadUserInput, 'email', CONSENT_NEEDS_EMAIL);
    if (consentedAt) return;
    const [waiting] = await m.query(
      `SELECT 1 FROM marketing_consents WHERE contact_id = $1 AND lower(email) = lower($2) AND confirmed_at IS NULL AND expires_at > now() LIMIT 1`,
      [contactId, email],
    );
    if (waiting) return;
    const [channel] = await m.query(`SELECT name, settings FROM channels WHERE id = $1 AND workspace_id = $2`, [ctx.channelId, ctx.workspaceId]);
    await this.consent.request({ workspaceId: ctx.workspaceId, contactId, channelId: ctx.channelId, email, companyName: widgetSettings(channel.name, channel.settings ?? {}).title }, m);
  }

  /**
   * Parley.identify: with a valid hash (HMAC-SHA256 of externalId, else email, with the channel's
   * identity secret) the visitor is linked to the contact with that external id / e-mail (created
   * when there is none); without a hash the data is kept on the visitor as unverified.
   */
  async identify(ctx: VisitorContext, frame: Obj): Promise<{ verified: boolean }> {
    const data: { email?: string; name?: string; phone?: string; externalId?: string } = {};
    for (const key of Object.keys(frame)) {
      if (!['type', 'email', 'name', 'phone', 'externalId', 'hash'].includes(key)) throw new FieldException(ErrorCode.BadUserInput, key.slice(0, 40), `Unknown field "${key.slice(0, 40)}"`);
    }
    for (const field of ['name', 'email', 'phone'] as const) {
      const v = frame[field];
      if (v === undefined || v === null || v === '') continue;
      const error = contactValueError(field, v);
      if (error) throw new FieldException(ErrorCode.BadUserInput, field, error);
      data[field] = (v as string).trim();
    }
    const externalId = frame['externalId'];
    if (externalId !== undefined && externalId !== null && externalId !== '') {
      if (typeof externalId !== 'string' || !externalId.trim() || externalId.length > CONTACT_LIMITS.externalId) {
        throw new FieldException(ErrorCode.BadUserInput, 'externalId', `Text of 1 to ${CONTACT_LIMITS.externalId} characters`);
      }
      data.externalId = externalId.trim();
    }
    if (!data.externalId && !data.email && !data.name && !data.phone) throw new FieldException(ErrorCode.BadUserInput, 'email', 'identify needs an email, externalId, name or phone');
    const hash = frame['hash'];
    if (hash === undefined || hash === null || hash === '') {
      await this.db.query(`UPDATE visitors SET unverified_identity = $2::jsonb WHERE id = $1`, [ctx.visitorId, JSON.stringify(data)]);
      return { verified: false };
    }
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/i.test(hash)) throw new FieldException(ErrorCode.BadUserInput, 'hash', 'hash must be a hex HMAC-SHA256 (64 characters)');
    const subject = data.externalId ?? data.email;
    if (!subject) throw new FieldException(ErrorCode.BadUserInput, 'hash', 'A hash needs externalId or email');
    const secret = await this.secrets.find(ctx.channelId);
    const expected = secret ? createHmac('sha256', secret).update(subject).digest() : null;
    if (!expected || !timingSafeEqual(expected, Buffer.from(hash, 'hex'))) throw new FieldException(ErrorCode.Forbidden, 'hash', 'The identity hash does not match');
    await this.db.transaction(async (m) => {
      await m.query(`SELECT id FROM visitors WHERE id = $1 FOR UPDATE`, [ctx.visitorId]);
      const [known] = (await m.query(
        data.externalId
          ? `SELECT id, name, email, phone, external_id FROM contacts WHERE workspace_id = $1 AND external_id = $2 LIMIT 1`
          : `SELECT id, name, email, phone, external_id FROM contacts WHERE workspace_id = $1 AND lower(email) = lower($2) ORDER BY created_at LIMIT 1`,
        [ctx.workspaceId, subject],
      )) as ContactRow[];
      let contactId: string;
      if (known) {
        contactId = known.id;
        await m.query(
          `UPDATE contacts SET name = COALESCE(name, $2), email = COALESCE(email, $3), phone = COALESCE(phone, $4), external_id = COALESCE(external_id, $5), updated_at = now() WHERE id = $1`,
          [contactId, data.name ?? null, data.email ?? null, data.phone ?? null, data.externalId ?? null],
        );
      } else {
        contactId = await this.ensureContact(m, ctx);
        await m.query(`UPDATE contacts SET name = COALESCE($2, name), email = COALESCE($3, email), phone = COALESCE($4, phone), external_id = $5, updated_at = now() WHERE id = $1`, [
          contactId,
          data.name ?? null,
          data.email ?? null,
          data.phone ?? null,
          data.externalId ?? null,
        ]);
      }
      await this.acquisition.apply(m, ctx.workspaceId, ctx.channelId, contactId);
      await m.query(`UPDATE visitors SET contact_id = $2, verified = true, unverified_identity = NULL WHERE id = $1`, [ctx.visitorId, contactId]);
      // the visitor's web chat identity moves with them to the known contact
      await this.identities.attach(m, visitorIdentity(ctx.workspaceId, ctx.channelId, ctx.visitorId, contactId));
      // the visitor's open conversation now belongs to the known contact
      await m.query(`UPDATE conversations SET contact_id = $2 WHERE id = (SELECT conversation_id FROM visitors WHERE id = $1) AND workspace_id = $3`, [ctx.visitorId, contactId, ctx.workspaceId]);
    });
    await this.announceContactChange(ctx);
    return { verified: true };
  }

  /** Parley.setCart: replaces the visitor's cart (validated, at most CART_LIMITS.items items and CART_LIMITS.bytes). */
  async setCart(ctx: VisitorContext, frame: Obj): Promise<void> {
    const items = frame['items'];
    if (!Array.isArray(items)) throw new FieldException(ErrorCode.BadUserInput, 'items', 'setCart needs a list of items');
    if (items.length > CART_LIMITS.items) throw new FieldException(ErrorCode.BadUserInput, 'items', `At most ${CART_LIMITS.items} items`);
    const clean: CartItem[] = items.map((raw: unknown, i) => cartItem(raw, i));
    const json = JSON.stringify(clean);
    if (Buffer.byteLength(json) > CART_LIMITS.bytes) throw new FieldException(ErrorCode.BadUserInput, 'items', `The cart is larger than ${CART_LIMITS.bytes / 1024} KB`);
    await this.db.query(`UPDATE visitors SET cart = $2::jsonb, cart_updated_at = now() WHERE id = $1`, [ctx.visitorId, json]);
  }

  /** A page view: opens a new visit after VISIT_IDLE_MS of silence, stores the page (up to MAX_EVENTS_PER_VISIT per visit). */
  async pageView(ctx: VisitorContext, frame: Obj, conn: ConnectionInfo): Promise<void> {
    const url = frame['url'];
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > PAGE_LIMITS.url) throw new FieldException(ErrorCode.BadUserInput, 'url', `An http(s) URL of at most ${PAGE_LIMITS.url} characters`);
    const text = (k: string, max: number): string | null => (typeof frame[k] === 'string' ? (frame[k] as string).slice(0, max) : null);
    const title = text('title', PAGE_LIMITS.title);
    const referrer = text('referrer', PAGE_LIMITS.referrer);
    const language = text('language', PAGE_LIMITS.language);
    const scr = frame['screen'];
    const screen =
      isObj(scr) && Number.isInteger(scr['width']) && Number.isInteger(scr['height']) && (scr['width'] as number) > 0 && (scr['width'] as number) < 20000 && (scr['height'] as number) > 0 && (scr['height'] as number) < 20000
        ? `${scr['width']}x${scr['height']}`
        : null;
    let utm: Record<string, string | null> = { source: null, medium: null, campaign: null };
    try {
      const p = new URL(url).searchParams;
      utm = { source: p.get('utm_source')?.slice(0, 200) ?? null, medium: p.get('utm_medium')?.slice(0, 200) ?? null, campaign: p.get('utm_campaign')?.slice(0, 200) ?? null };
    } catch {
      throw new FieldException(ErrorCode.BadUserInput, 'url', 'Not a valid URL');
    }
    await this.db.transaction(async (m) => {
      const visitId = await this.currentVisit(m, ctx, { url, referrer, utm, language, screen, conn });
      // the visitor row is locked by currentVisit: counting and inserting cannot race
      const [visit] = await m.query(`SELECT events_stored FROM visits WHERE id = $1`, [visitId]);
      const store = visit.events_stored < MAX_EVENTS_PER_VISIT;
      await m.query(`UPDATE visits SET page_views = page_views + 1, last_seen_at = now(), current_url = $2, current_title = $3, events_stored = events_stored + $4 WHERE id = $1`, [visitId, url, title, store ? 1 : 0]);
      if (store) await m.query(`INSERT INTO visit_events (workspace_id, visit_id, kind, url, title) VALUES ($1, $2, 'page', $3, $4)`, [ctx.workspaceId, visitId, url, title]);
      await m.query(`UPDATE visitors SET last_page_url = $2, last_seen_at = now() WHERE id = $1`, [ctx.visitorId, url]);
    });
  }

  /** Parley.track: a named event with a little JSON, stored with the current visit. */
  async track(ctx: VisitorContext, frame: Obj, conn: ConnectionInfo): Promise<void> {
    const event = frame['event'];
    if (typeof event !== 'string' || !TRACK_EVENT_PATTERN.test(event)) throw new FieldException(ErrorCode.BadUserInput, 'event', 'An event name of 1–64 letters, digits or _ . : -');
    const data = frame['data'];
    if (data !== undefined && data !== null && !isObj(data)) throw new FieldException(ErrorCode.BadUserInput, 'data', 'data must be an object');
    const json = data ? JSON.stringify(data) : null;
    if (json && Buffer.byteLength(json) > TRACK_DATA_MAX_BYTES) throw new FieldException(ErrorCode.BadUserInput, 'data', `data is larger than ${TRACK_DATA_MAX_BYTES} bytes`);
    await this.db.transaction(async (m) => {
      const visitId = await this.currentVisit(m, ctx, { url: null, referrer: null, utm: { source: null, medium: null, campaign: null }, language: null, screen: null, conn });
      const [visit] = await m.query(`SELECT events_stored FROM visits WHERE id = $1`, [visitId]);
      await m.query(`UPDATE visits SET last_seen_at = now(), events_stored = events_stored + $2 WHERE id = $1`, [visitId, visit.events_stored < MAX_EVENTS_PER_VISIT ? 1 : 0]);
      if (visit.events_stored < MAX_EVENTS_PER_VISIT) await m.query(`INSERT INTO visit_events (workspace_id, visit_id, kind, name, data) VALUES ($1, $2, 'event', $3, $4::jsonb)`, [ctx.workspaceId, visitId, event, json]);
    });
  }

  /** The visitor's visit that is still going (seen within VISIT_IDLE_MS), else a new one. */
  private async currentVisit(
    m: EntityManager,
    ctx: VisitorContext,
    p: { url: string | null; referrer: string | null; utm: Record<string, string | null>; language: string | null; screen: string | null; conn: ConnectionInfo },
  ): Promise<string> {
    await m.query(`SELECT id FROM visitors WHERE id = $1 FOR UPDATE`, [ctx.visitorId]);
    const [open] = await m.query(`SELECT id FROM visits WHERE visitor_id = $1 AND last_seen_at > now() - ($2 || ' milliseconds')::interval ORDER BY started_at DESC LIMIT 1`, [ctx.visitorId, String(VISIT_IDLE_MS)]);
    if (open) {
      if (p.language || p.screen) await m.query(`UPDATE visits SET language = COALESCE($2, language), screen = COALESCE($3, screen) WHERE id = $1`, [open.id, p.language, p.screen]);
      return open.id as string;
    }
    const [created] = await m.query(
      `INSERT INTO visits (workspace_id, channel_id, visitor_id, landing_url, referrer, utm_source, utm_medium, utm_campaign, browser, os, language, screen, country, city)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        ctx.workspaceId,
        ctx.channelId,
        ctx.visitorId,
        p.url,
        p.referrer || null,
        p.utm['source'],
        p.utm['medium'],
        p.utm['campaign'],
        p.conn.ua.browser,
        p.conn.ua.os,
        p.language,
        p.screen,
        p.conn.geo?.country ?? null,
        p.conn.geo?.city ?? null,
      ],
    );
    return created.id as string;
  }

  /** The visitor's contact, created (anonymous) when they have none yet. */
  private async ensureContact(m: EntityManager, ctx: VisitorContext): Promise<string> {
    const [v] = await m.query(`SELECT contact_id FROM visitors WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [ctx.visitorId, ctx.workspaceId]);
    if (!v) throw new DomainException(ErrorCode.NotFound, 'Visitor not found');
    if (v.contact_id) return v.contact_id as string;
    const [c] = await m.query(`INSERT INTO contacts (workspace_id) VALUES ($1) RETURNING id`, [ctx.workspaceId]);
    await m.query(`UPDATE visitors SET contact_id = $2 WHERE id = $1`, [ctx.visitorId, c.id]);
    await this.identities.attach(m, visitorIdentity(ctx.workspaceId, ctx.channelId, ctx.visitorId, c.id));
    return c.id as string;
  }
}

function cartItem(raw: unknown, i: number): CartItem {
  const at = (f: string) => `items.${i}.${f}`;
  if (!isObj(raw)) throw new FieldException(ErrorCode.BadUserInput, `items.${i}`, 'Each item must be an object');
  for (const key of Object.keys(raw)) {
    if (!['id', 'name', 'quantity', 'price', 'currency', 'url'].includes(key)) throw new FieldException(ErrorCode.BadUserInput, at(key.slice(0, 40)), `Unknown field "${key.slice(0, 40)}"`);
  }
  const { id, name, quantity, price, currency, url } = raw;
  if (typeof id !== 'string' || !id.trim() || id.length > CART_LIMITS.id) throw new FieldException(ErrorCode.BadUserInput, at('id'), `Text of 1 to ${CART_LIMITS.id} characters`);
  if (typeof name !== 'string' || !name.trim() || name.length > CART_LIMITS.name) throw new FieldException(ErrorCode.BadUserInput, at('name'), `Text of 1 to ${CART_LIMITS.name} characters`);
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > CART_LIMITS.quantityMax) throw new FieldException(ErrorCode.BadUserInput, at('quantity'), `A whole number from 1 to ${CART_LIMITS.quantityMax}`);
  const item: CartItem = { id: id.trim(), name: name.trim(), quantity };
  if (price !== undefined) {
    if (typeof price !== 'number' || !Number.isFinite(price) || price < 0 || price > CART_LIMITS.priceMax) throw new FieldException(ErrorCode.BadUserInput, at('price'), 'A number ≥ 0');
    item.price = price;
  }
  if (currency !== undefined) {
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw new FieldException(ErrorCode.BadUserInput, at('currency'), 'A three-letter currency code like EUR');
    item.currency = currency;
  }
  if (url !== undefined) {
    if (typeof url !== 'string' || url.length > CART_LIMITS.url || !/^https?:\/\//i.test(url)) throw new FieldException(ErrorCode.BadUserInput, at('url'), `An http(s) URL of at most ${CART_LIMITS.url} characters`);
    item.url = url;
  }
  return item;
}

const ASK_COLUMNS = 'ch.settings, v.verified, v.prechat_answered_at, c.name, c.email, c.phone, c.external_id';

/** What `askFields` reads about a visitor: their channel's settings and their contact's known values. */
interface AskRow {
  settings: unknown;
  verified: boolean | null;
  prechat_answered_at: Date | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
}

function fieldsToAsk(row: AskRow): { askFields: PreChatFieldSetting[]; known: boolean } {
  const preChat = readWebchatSettings(row.settings ?? {}).preChat;
  const known = row.verified === true || !!(row.name || row.email || row.phone || row.external_id);
  if (!preChat.enabled || (preChat.skipKnownContacts && known)) return { askFields: [], known };
  // a visitor who already answered the form (leaving optional fields empty) is asked only what is required
  return { askFields: preChat.fields.filter((f) => !row[f.field] && (f.required || !row.prechat_answered_at)), known };
}
