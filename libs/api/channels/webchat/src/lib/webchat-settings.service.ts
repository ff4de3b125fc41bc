import { Inject, Injectable } from '@nestjs/common';
import { ChannelEntity, ChannelsService } from '@parley/api/channels/core';
import { ContactsService, TagsService } from '@parley/api/contacts';
import { IdentityService } from '@parley/api/identity';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { normalizeTagName, WidgetSettings } from '@parley/shared/contracts';
import { UpdateWebchatChannelInput } from './dto/update-webchat-channel.input';
import { WebchatMailSettingsService } from './mail/webchat-mail-settings.service';
import { ContactAcquisitionSettings, FieldError, readWebchatSettings, toStoredSettings, validateWebchatPatch, WebchatSettingsPatch, widgetSettings } from './webchat-settings';
import { BotScenariosService } from './bot/bot-scenarios.service';
import { WEBCHAT_KIND } from './webchat.adapter';

/** Published on Topics.channel(id) after an admin saved a web chat channel. */
export type ChannelTopicEvent =
  | { kind: 'settings'; channelId: string; settings: WidgetSettings }
  | { kind: 'inactive'; channelId: string };

/** Published on Topics.channels(workspaceId): the saved channel, for other admins' screens. */
export type ChannelUpdatedPayload = Pick<ChannelEntity, 'id' | 'workspaceId' | 'name' | 'type' | 'publicKey' | 'active' | 'settings'>;

@Injectable()
export class WebchatSettingsService {
  constructor(
    private readonly channels: ChannelsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly mailSettings: WebchatMailSettingsService,
    private readonly contacts: ContactsService,
    private readonly tagCatalog: TagsService,
    private readonly identity: IdentityService,
    private readonly audit: AuditService,
    private readonly botScenarios: BotScenariosService,
  ) {}

  /** Validates and stores the channel's name, switch and window settings, then tells connected widgets. */
  async update(user: AuthUser, input: UpdateWebchatChannelInput): Promise<ChannelEntity> {
    const channel = await this.channels.findById(user.workspaceId, String(input.id ?? ''));
    if (!channel || channel.type !== WEBCHAT_KIND) throw notFound('Channel');
    const patch = input.settings as unknown as WebchatSettingsPatch;
    const errors = validateWebchatPatch({ ...patch, name: input.name });
    if (typeof input.active !== 'boolean') errors.push({ field: 'active', message: 'Must be true or false' });
    const ownerId = patch.acquisition?.ownerId || null;
    if (ownerId && !errors.some((e) => e.field === 'acquisition.ownerId')) errors.push(...(await this.ownerErrors(user, ownerId)));
    // SPEC C9: the bot runs one of this workspace's scenarios
    if (patch.botScenarioId && !(await this.botScenarios.find(user.workspaceId, patch.botScenarioId))) {
      errors.push({ field: 'botScenarioId', message: 'Choose a bot scenario of this workspace' });
    } else if (patch.botEnabled === true && !patch.botScenarioId) {
      errors.push({ field: 'botScenarioId', message: 'Choose the scenario the bot runs, or switch the bot off' });
    }
    if (errors.length) {
      throw badInput(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { field: errors[0].field, fieldErrors: errors });
    }
    const previous = readWebchatSettings(channel.settings ?? {});
    const acquisition = patch.acquisition ? await this.acquisition(user, patch.acquisition.tag, ownerId) : previous.acquisition;
    const saved = await this.channels.update(user.workspaceId, channel.id, {
      name: input.name.trim(),
      active: input.active,
      // the routing part (SPEC B3) is saved by updateWebchatRouting and kept here
      settings: { ...toStoredSettings(patch, previous, acquisition), ...(channel.settings?.['routing'] ? { routing: channel.settings['routing'] } : {}) },
    });
    if (acquisition.tagId !== previous.acquisition.tagId || acquisition.ownerId !== previous.acquisition.ownerId) {
      const [actor, owner] = await Promise.all([this.identity.findOperator(user.workspaceId, user.operatorId), acquisition.ownerId ? this.identity.findOperator(user.workspaceId, acquisition.ownerId) : null]);
      await this.audit.record({
        workspaceId: user.workspaceId,
        actorId: user.operatorId,
        actorName: actor.displayName,
        action: AuditAction.channelContactAcquisitionChanged,
        targetType: 'channel',
        targetId: channel.id,
        details: { channel: saved.name, tag: acquisition.tagName || null, ownerId: acquisition.ownerId, ownerEmail: owner?.email ?? null },
      });
    }
    const event: ChannelTopicEvent = saved.active
      ? { kind: 'settings', channelId: saved.id, settings: { ...widgetSettings(saved.name, saved.settings), ...(await this.mailSettings.widgetExtras(saved.id)) } }
      : { kind: 'inactive', channelId: saved.id };
    await this.bus.publish(Topics.channel(saved.id), event);
    const changed: ChannelUpdatedPayload = { id: saved.id, workspaceId: saved.workspaceId, name: saved.name, type: saved.type, publicKey: saved.publicKey, active: saved.active, settings: saved.settings };
    await this.bus.publish(Topics.channels(saved.workspaceId), changed);
    return saved;
  }

  /** The owner must be an active operator of the caller's workspace (SPEC C6). */
  private async ownerErrors(user: AuthUser, ownerId: string): Promise<FieldError[]> {
    try {
      await this.contacts.ownerCandidate(user.workspaceId, ownerId, 'acquisition.ownerId');
      return [];
    } catch (e) {
      if (e instanceof DomainException) return [{ field: 'acquisition.ownerId', message: e.message }];
      throw e;
    }
  }

  /** The stored acquisition settings: the tag looked up (or created) in the catalog by name. */
  private async acquisition(user: AuthUser, tag: string, ownerId: string | null): Promise<ContactAcquisitionSettings> {
    const name = normalizeTagName(tag);
    if (!name) return { tagId: null, tagName: '', ownerId };
    const found = await this.tagCatalog.findOrCreate(user.workspaceId, name, 'acquisition.tag');
    return { tagId: found.id, tagName: found.name, ownerId };
  }
}
