import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelEntity } from '../channel.entity';
import { ChannelSecrets } from '../secrets/channel-secrets';

/** How long a link code may be used: long enough to install the app and open the link, short enough that a shared screenshot goes stale. */
export const LINK_CODE_TTL_MS = 30 * 60_000;

/**
 * A link code as Parley makes it: `pl` and 24 base64url characters (18 random bytes). It fits
 * Telegram's start parameter (1–64 of A–Z, a–z, 0–9, _ and -) and WhatsApp's prefilled text.
 */
export const LINK_CODE_PATTERN = /^pl[A-Za-z0-9_-]{24}$/;

/** Whether a channel's parameter (a Telegram start parameter) has the shape of a Parley link code. */
export const isLinkCode = (v: unknown): v is string => typeof v === 'string' && LINK_CODE_PATTERN.test(v);

const hashOf = (code: string): string => createHash('sha256').update(code).digest('hex');

/** A link that brings a known contact to a channel. */
export interface ChannelLink {
  channelId: string;
  kind: string;
  displayName: string;
  /** Where the client goes (https://t.me/<bot>?start=<code>). */
  url: string;
  expiresAt: Date;
}

/**
 * Issue #10, SPEC A2: links that tie a client who opens them on another channel to the contact
 * Parley already knows (the web chat's "continue in Telegram", an operator's invitation). A link
 * carries a random single-use code, kept only as its hash, valid for LINK_CODE_TTL_MS and bound to
 * one channel; the channel's adapter makes the URL (`linkUrl`). When the client writes in with it
 * (NormalisedInboundMessage.linkCode), ChannelInboundService.receive uses it up under the sender's
 * lock and records the sender's identity on that contact. A code that is unknown, expired, used
 * or for another channel is ignored: the sender is matched as without one.
 */
@Injectable()
export class ChannelLinkService {
  private readonly logger = new Logger('ChannelLinks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly secrets: ChannelSecrets,
  ) {}

  /** The workspace's active channels that can make links (their adapter has `linkUrl`), oldest first. */
  async linkableChannels(workspaceId: string): Promise<ChannelEntity[]> {
    const rows = await this.db.getRepository(ChannelEntity).find({ where: { workspaceId, active: true }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.filter((c) => this.registry.has(c.type) && typeof this.registry.get(c.type).linkUrl === 'function');
  }

  /**
   * A new link to `channel` for the contact; null when the channel cannot make one now (its adapter
   * has no `linkUrl`, or it returned null: a bot whose name Telegram would not tell). `createdBy`
   * says who asked (`operator:<id>`, `visitor:<id>`), for the audit of a wrong link.
   */
  async create(channel: ChannelEntity, contactId: string, createdBy: string): Promise<ChannelLink | null> {
    const adapter = this.registry.has(channel.type) ? this.registry.get(channel.type) : null;
    if (!adapter?.linkUrl || !channel.active) return null;
    const code = `pl${randomBytes(18).toString('base64url')}`;
    const opened = Object.assign(new ChannelEntity(), channel, { settings: this.secrets.open(channel.settings) });
    const url = await adapter.linkUrl(opened, code);
    if (!url) return null;
    const expiresAt = new Date(Date.now() + LINK_CODE_TTL_MS);
    const [row] = await this.db.query(
      `INSERT INTO channel_link_codes (code_hash, workspace_id, channel_id, contact_id, created_by, expires_at)
       SELECT $1, c.workspace_id, $3, c.id, $4, $5 FROM contacts c WHERE c.id = $2 AND c.workspace_id = $6
       RETURNING code_hash`,
      [hashOf(code), contactId, channel.id, createdBy.slice(0, 100), expiresAt, channel.workspaceId],
    );
    if (!row) return null;
    // codes long expired are of no use, not even to explain a failed link
    await this.db.query(`DELETE FROM channel_link_codes WHERE expires_at < now() - interval '7 days'`).catch(() => undefined);
    return { channelId: channel.id, kind: adapter.kind, displayName: adapter.displayName, url, expiresAt };
  }

  /**
   * Uses a code up for the sender `externalId` on `channel`, in the caller's transaction (it is
   * spent only if that commits). The contact it names, or null — for anything but a valid code of
   * this channel that was not used yet; never throws for what a client sent.
   */
  async consume(m: EntityManager, channel: Pick<ChannelEntity, 'id' | 'workspaceId'>, code: unknown, externalId: string): Promise<string | null> {
    if (!isLinkCode(code)) return null;
    // an UPDATE … RETURNING answers [rows, count]
    const [rows] = await m.query(
      `UPDATE channel_link_codes l SET used_at = now(), used_by = $4
        WHERE l.code_hash = $1 AND l.channel_id = $2 AND l.workspace_id = $3 AND l.used_at IS NULL AND l.expires_at > now()
          AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = l.contact_id AND c.workspace_id = l.workspace_id)
        RETURNING l.contact_id`,
      [hashOf(code), channel.id, channel.workspaceId, externalId.slice(0, 320)],
    );
    const row = (rows as Array<{ contact_id: string }>)[0];
    if (!row) this.logger.log(`channel ${channel.id}: a link code that is unknown, expired or used was ignored`);
    return row?.contact_id ?? null;
  }
}
