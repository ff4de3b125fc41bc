import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUuid } from '@parley/api/platform/graphql';
import { PermanentDeliveryError } from '@parley/api/platform/outbox';
import { DataSource } from 'typeorm';
import { ChannelEntity } from '../channel.entity';
import { ChannelSecrets } from '../secrets/channel-secrets';

/** How long a loaded channel is reused by webhooks and pollers (a save on this process drops it at once). */
const CHANNEL_CACHE_MS = 2000;
const CHANNEL_CACHE_MAX = 5000;

/**
 * A channel with its secrets opened, for code acting on the provider's behalf (webhooks, the
 * outbox, pollers). Cached briefly so a burst of webhooks costs one query per channel.
 */
@Injectable()
export class ChannelLoader {
  private readonly cache = new Map<string, { at: number; channel: Promise<ChannelEntity | null> }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: ChannelSecrets,
  ) {}

  load(id: string): Promise<ChannelEntity | null> {
    if (typeof id !== 'string' || !isUuid(id)) return Promise.resolve(null);
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && now - hit.at < CHANNEL_CACHE_MS) return hit.channel;
    if (this.cache.size > CHANNEL_CACHE_MAX) this.cache.clear();
    const channel = this.db
      .getRepository(ChannelEntity)
      .findOne({ where: { id } })
      .then((c) => (c ? Object.assign(new ChannelEntity(), c, { settings: this.secrets.open(c.settings) }) : null));
    this.cache.set(id, { at: now, channel });
    channel.catch(() => this.cache.delete(id));
    return channel;
  }

  /**
   * The channel an outbox sender sends on, secrets opened: a deleted channel or one switched off
   * fails the delivery for good (a change saved on another process is seen within CHANNEL_CACHE_MS).
   */
  async opened(id: string): Promise<ChannelEntity> {
    const channel = await this.load(id);
    if (!channel) throw new PermanentDeliveryError('the channel was deleted', 'GONE');
    if (!channel.active) throw new PermanentDeliveryError('the channel is switched off', 'CHANNEL_INACTIVE');
    return channel;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }
}
