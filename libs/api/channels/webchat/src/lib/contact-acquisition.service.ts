import { Injectable } from '@nestjs/common';
import { ChannelsService } from '@parley/api/channels/core';
import { ContactsService } from '@parley/api/contacts';
import { EntityManager } from 'typeorm';
import { readWebchatSettings } from './webchat-settings';

/**
 * SPEC C6: every contact the web chat creates or links (first message, pre-chat form, offline
 * form, Parley.identify) gets the channel's configured tag (when missing) and owner (when it has
 * none). Runs inside the caller's transaction.
 */
@Injectable()
export class ContactAcquisitionService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly channels: ChannelsService,
  ) {}

  /** With the channel's stored settings at hand (no extra read). */
  async applyWith(m: EntityManager, workspaceId: string, channelSettings: unknown, contactId: string): Promise<void> {
    const { tagId, ownerId } = readWebchatSettings(channelSettings ?? {}).acquisition;
    if (tagId || ownerId) await this.contacts.applyAcquisition(m, workspaceId, contactId, { tagId, ownerId });
  }

  async apply(m: EntityManager, workspaceId: string, channelId: string, contactId: string): Promise<void> {
    const channel = await this.channels.findById(workspaceId, channelId, m);
    if (channel) await this.applyWith(m, workspaceId, channel.settings, contactId);
  }
}
