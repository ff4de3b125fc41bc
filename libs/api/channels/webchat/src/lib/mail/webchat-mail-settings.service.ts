import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelsService } from '@parley/api/channels/core';
import { IdentityService } from '@parley/api/identity';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { WidgetSettings } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { widgetSettings } from '../webchat-settings';
import { UpdateWebchatMailSettingsInput } from './webchat-mail-settings.dto';
import { readMailSettings, toStoredMailSettings, validateMailSettings, WebchatMailSettingsData } from './webchat-mail-settings';
import { WEBCHAT_KIND } from '../webchat.adapter';

/** How long a process reuses a channel's widget extras (every widget hello reads them; reconnect storms). */
const EXTRAS_TTL_MS = 1000;

/** Reads and saves a web chat channel's mail settings (table webchat_mail_settings, one row per channel). */
@Injectable()
export class WebchatMailSettingsService {
  private readonly extras = new Map<string, { at: number; value: Promise<Pick<WidgetSettings, 'offlineForm' | 'marketingConsent'>> }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: ChannelsService,
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly identity: IdentityService,
  ) {}

  async get(channelId: string): Promise<WebchatMailSettingsData> {
    const rows = await this.db.query(`SELECT settings FROM webchat_mail_settings WHERE channel_id = $1`, [channelId]);
    return readMailSettings(rows[0]?.settings);
  }

  async getMany(channelIds: readonly string[]): Promise<Map<string, WebchatMailSettingsData>> {
    const rows: Array<{ channel_id: string; settings: unknown }> = await this.db.query(`SELECT channel_id, settings FROM webchat_mail_settings WHERE channel_id = ANY($1::uuid[])`, [channelIds]);
    const stored = new Map(rows.map((r) => [r.channel_id, r.settings]));
    return new Map(channelIds.map((id) => [id, readMailSettings(stored.get(id))]));
  }

  /** The part the widget needs (no notification addresses or sender). */
  widgetExtras(channelId: string, now = Date.now()): Promise<Pick<WidgetSettings, 'offlineForm' | 'marketingConsent'>> {
    const hit = this.extras.get(channelId);
    if (hit && now - hit.at < EXTRAS_TTL_MS) return hit.value;
    const value = this.get(channelId).then((s) => ({ offlineForm: s.offlineForm, marketingConsent: s.marketingConsent }));
    value.catch(() => this.extras.delete(channelId));
    if (this.extras.size > 10_000) this.extras.clear();
    this.extras.set(channelId, { at: now, value });
    return value;
  }

  async update(user: AuthUser, input: UpdateWebchatMailSettingsInput): Promise<ChannelEntity> {
    const channel = await this.channels.findById(user.workspaceId, String(input.channelId ?? ''));
    if (!channel || channel.type !== WEBCHAT_KIND) throw notFound('Channel');
    const patch = { offlineForm: input.offlineForm, notifyEmails: input.notifyEmails, replyFrom: input.replyFrom, marketingConsent: input.marketingConsent } as unknown as WebchatMailSettingsData;
    const errors = validateMailSettings(patch);
    if (errors.length) throw badInput(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { field: errors[0].field, fieldErrors: errors });
    const stored = toStoredMailSettings(patch);
    this.extras.delete(channel.id);
    const actor = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO webchat_mail_settings (channel_id, workspace_id, settings, updated_at) VALUES ($1, $2, $3::jsonb, now())
         ON CONFLICT (channel_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
        [channel.id, channel.workspaceId, JSON.stringify(stored)],
      );
      await this.audit.record(
        { workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor[0]?.displayName ?? null, action: AuditAction.webchatMailSettingsChanged, targetType: 'channel', targetId: channel.id, details: { notifyEmails: stored.notifyEmails.length, replyFrom: stored.replyFrom, offlineForm: stored.offlineForm.enabled, marketingConsent: stored.marketingConsent.enabled } },
        m,
      );
    });
    this.extras.delete(channel.id);
    if (channel.active) {
      const settings: WidgetSettings = { ...widgetSettings(channel.name, channel.settings ?? {}), offlineForm: stored.offlineForm, marketingConsent: stored.marketingConsent };
      await this.bus.publish(Topics.channel(channel.id), { kind: 'settings', channelId: channel.id, settings });
    }
    await this.bus.publish(Topics.channels(channel.workspaceId), { id: channel.id, workspaceId: channel.workspaceId, name: channel.name, type: channel.type, publicKey: channel.publicKey, active: channel.active, settings: channel.settings });
    return channel;
  }
}
