import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelSecrets } from '@parley/api/channels/core';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { DataSource } from 'typeorm';
import { WhatsappTemplatesService } from './whatsapp-templates.service';

/** The maintenance job that syncs every WhatsApp channel's templates. */
export const WHATSAPP_TEMPLATE_SYNC_JOB = 'whatsapp-template-sync';
/** Templates approved, paused or deleted in WhatsApp Manager reach Parley within this long without an admin's Sync. */
export const WHATSAPP_TEMPLATE_SYNC_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Issue #10: every WHATSAPP_TEMPLATE_SYNC_EVERY_MS (scheduled by the API processes, one job per
 * time slot, run by any worker) the active WhatsApp channels with a Business Account ID sync their
 * templates. A channel WhatsApp refuses is logged (the reason never holds the token) and the
 * others go on; its stored templates stay as they were.
 */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: WHATSAPP_TEMPLATE_SYNC_JOB })
export class WhatsappTemplateSyncJob implements JobHandler<Record<string, never>> {
  private readonly logger = new Logger('WhatsappTemplates');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: ChannelSecrets,
    private readonly templates: WhatsappTemplatesService,
  ) {}

  async handle(): Promise<void> {
    const channels = await this.db.getRepository(ChannelEntity).find({ where: { type: 'whatsapp', active: true } });
    for (const channel of channels) {
      const opened = Object.assign(new ChannelEntity(), channel, { settings: this.secrets.open(channel.settings) });
      if (!(opened.settings as Record<string, unknown> | null)?.['businessAccountId']) continue;
      try {
        await this.templates.sync(opened);
      } catch (e) {
        this.logger.warn(`templates of channel ${channel.id} not synced: ${(e as Error).message}`);
      }
    }
  }
}
