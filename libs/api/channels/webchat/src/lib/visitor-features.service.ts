import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelInboundService, ChannelsService } from '@parley/api/channels/core';
import { ContactIdentitiesService, ContactsService } from '@parley/api/contacts';
import { ConversationLiveService, ConversationsService } from '@parley/api/conversations';
import { DomainException } from '@parley/api/platform/graphql';
import { parsePageView, parseTrackEvent, VisitClient, VisitInputException, VisitsService } from '@parley/api/visits';
import { CONTACT_LIMITS, contactValueError, ErrorCode, PRECHAT_FIELDS, PreChatField, PreChatFieldSetting, VisitorInfoFrame } from '@parley/shared/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { batchPerTick } from '@parley/api/platform/database';
import { DataSource, EntityManager } from 'typeorm';
import type { UserAgentInfo } from './client-info';
import type { GeoLocation } from './geoip.service';
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

/**
 * The widget's extras on the visitor socket: the pre-chat form (C3), identify / cart / track of
 * the public JS API, and page views of the visit (E8). Everything here is untrusted input from a
 * browser: validated, size-limited, stored under the visitor's workspace. The web chat keeps the
 * `visitors` row; contacts, conversations, channels and visits are reached through their owners'
 * services.
 */
@Injectable()
export class VisitorFeaturesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: IdentitySecretService,
    private readonly inbound: ChannelInboundService,
    private readonly mailSettings: WebchatMailSettingsService,
    private readonly consent: MarketingConsentService,
    private readonly identities: ContactIdentitiesService,
    private readonly contacts: ContactsService,
    private readonly conversations: ConversationsService,
    private readonly channels: ChannelsService,
    private readonly visits: VisitsService,
    private readonly live: ConversationLiveService,
  ) {}

  /**
   * Issue #17: the visitor's contact changed (pre-chat form, Parley.identify moving the chat to a
   * known contact): operators' lists, open conversation and side panel follow without a reload.
   * `conversationId` is the visitor's, read under the visitor's lock.
   */
  private async announceContactChange(ctx: VisitorContext, conversationId: string | null): Promise<void> {
    if (!conversationId) return; // no chat yet: nothing on an operator's screen shows this contact
    await this.conversations.announceContactChanged(ctx.workspaceId, conversationId);
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

  /**
   * The pre-chat lookup (`askFields`) of every widget of a tick in one query: the hello's hot path,
   * so the visitor, their channel's settings and their contact's values are read together (one
   * statement across channels and contacts, on purpose: per-domain reads would add a round trip
   * to every widget's hello).
   */
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
  async askFields(ctx: VisitorContext): Promise<{ askFields: PreChatFieldSetting[]; known: boolean }> {
    return fieldsToAsk(await this.askRowLoader.load(ctx));
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
    const conversationId = await this.db.transaction(async (m) => {
      const visitor = await this.ensureContact(m, ctx);
      const contactId = visitor.contactId;
      // fill what the contact lacks; what it already knows is not overwritten by an unverified form
      await this.contacts.fillMissing(m, ctx.workspaceId, contactId, { name: clean.name, email: clean.email, phone: clean.phone });
      await this.inbound.applyChannelAcquisition(m, ctx.workspaceId, ctx.channelId, contactId);
      // the visitor answered: optional fields left empty are not asked again, on any page (SPEC C3)
      await m.query(`UPDATE visitors SET prechat_answered_at = now() WHERE id = $1 AND prechat_answered_at IS NULL`, [ctx.visitorId]);
      if (wantsConsent) {
        const contact = await this.contacts.consentState(m, ctx.workspaceId, contactId);
        await this.requestConsent(m, ctx, contactId, clean.email ?? contact?.email ?? null, contact?.marketingConsentAt ?? null);
      }
      return visitor.conversationId;
    });
    await this.announceContactChange(ctx, conversationId);
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
    const channel = await this.channels.findById(ctx.workspaceId, ctx.channelId, m);
    if (!channel) throw new DomainException(ErrorCode.NotFound, 'Channel not found');
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
    const conversationId = await this.db.transaction(async (m) => {
      const [locked] = await m.query(`SELECT conversation_id FROM visitors WHERE id = $1 FOR UPDATE`, [ctx.visitorId]);
      const known = data.externalId ? await this.contacts.findByExternalId(ctx.workspaceId, data.externalId, m) : await this.contacts.findFirstByEmail(ctx.workspaceId, subject, m);
      let contactId: string;
      if (known) {
        contactId = known.id;
        await this.contacts.fillMissing(m, ctx.workspaceId, contactId, data);
      } else {
        contactId = (await this.ensureContact(m, ctx)).contactId;
        await this.contacts.overwriteVerified(m, ctx.workspaceId, contactId, data);
      }
      await this.inbound.applyChannelAcquisition(m, ctx.workspaceId, ctx.channelId, contactId);
      await m.query(`UPDATE visitors SET contact_id = $2, verified = true, unverified_identity = NULL WHERE id = $1`, [ctx.visitorId, contactId]);
      // the visitor's web chat identity moves with them to the known contact
      await this.identities.attach(m, visitorIdentity(ctx.workspaceId, ctx.channelId, ctx.visitorId, contactId));
      // the visitor's open conversation now belongs to the known contact
      const conversationId = (locked?.conversation_id as string | null | undefined) ?? null;
      if (conversationId) await this.conversations.moveToContact(m, ctx.workspaceId, conversationId, contactId);
      return conversationId;
    });
    await this.announceContactChange(ctx, conversationId);
    return { verified: true };
  }

  /** Parley.setCart: replaces the visitor's cart (the visits domain validates and keeps it). */
  async setCart(ctx: VisitorContext, frame: Obj): Promise<void> {
    const { conversationId } = await fieldErrors(() => this.visits.setCart(ctx.visitorId, frame['items']));
    // the agent's Current cart widget follows (SPEC E9); the cart is stored whatever happens to this
    if (conversationId) await this.live.visitorCartChanged(ctx.workspaceId, conversationId).catch(() => undefined);
  }

  /** A page view: stored with the visitor's current visit (the visits domain), and the visitor's last page. */
  async pageView(ctx: VisitorContext, frame: Obj, conn: ConnectionInfo): Promise<void> {
    const page = await fieldErrors(async () => parsePageView(frame));
    const conversationId = await this.db.transaction(async (m) => {
      // the visitor row is locked: one visitor's page views and events are recorded one after another
      const [v] = (await m.query(`SELECT conversation_id FROM visitors WHERE id = $1 FOR UPDATE`, [ctx.visitorId])) as Array<{ conversation_id: string | null }>;
      await this.visits.recordPageView(m, ctx, page, visitClient(conn));
      await m.query(`UPDATE visitors SET last_page_url = $2, last_seen_at = now() WHERE id = $1`, [ctx.visitorId, page.url]);
      return v?.conversation_id ?? null;
    });
    // the agent's Visit widget follows the current page (SPEC E8); the view is stored whatever happens to this
    if (conversationId) await this.live.visitorNavigated(ctx.workspaceId, conversationId).catch(() => undefined);
  }

  /** Parley.track: a named event with a little JSON, stored with the current visit. */
  async track(ctx: VisitorContext, frame: Obj, conn: ConnectionInfo): Promise<void> {
    const event = await fieldErrors(async () => parseTrackEvent(frame));
    await this.db.transaction(async (m) => {
      await m.query(`SELECT id FROM visitors WHERE id = $1 FOR UPDATE`, [ctx.visitorId]);
      await this.visits.recordEvent(m, ctx, event, visitClient(conn));
    });
  }

  /** The visitor's contact, created (anonymous) when they have none yet; with the visitor's conversation, read under the visitor's lock. */
  private async ensureContact(m: EntityManager, ctx: VisitorContext): Promise<{ contactId: string; conversationId: string | null }> {
    const [v] = await m.query(`SELECT contact_id, conversation_id FROM visitors WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [ctx.visitorId, ctx.workspaceId]);
    if (!v) throw new DomainException(ErrorCode.NotFound, 'Visitor not found');
    const conversationId = (v.conversation_id as string | null) ?? null;
    if (v.contact_id) return { contactId: v.contact_id as string, conversationId };
    const c = await this.contacts.createAnonymous(ctx.workspaceId, m);
    await m.query(`UPDATE visitors SET contact_id = $2 WHERE id = $1`, [ctx.visitorId, c.id]);
    await this.identities.attach(m, visitorIdentity(ctx.workspaceId, ctx.channelId, ctx.visitorId, c.id));
    return { contactId: c.id, conversationId };
  }
}

/** The browser facts a new visit keeps. */
const visitClient = (conn: ConnectionInfo): VisitClient => ({ browser: conn.ua.browser, os: conn.ua.os, country: conn.geo?.country ?? null, city: conn.geo?.city ?? null });

/** A bad value the visits domain refused, answered like the other frames' (an `error` frame naming the field). */
async function fieldErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof VisitInputException) throw new FieldException(e.code, e.field, e.message);
    throw e;
  }
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
