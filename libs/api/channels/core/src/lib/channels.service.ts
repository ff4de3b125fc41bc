import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ChannelEntity } from './channel.entity';

/** How long a channel looked up by its public key is reused (every widget's `hello` looks it up). */
export const CHANNEL_KEY_CACHE_MS = 1000;

@Injectable()
export class ChannelsService {
  /** Lookups by public key: one query per key per second, however many widgets say hello at once. */
  private readonly byKey = new Map<string, { at: number; channel: Promise<ChannelEntity | null> }>();

  constructor(@InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>) {}

  /**
   * The channel behind a widget's public key. Reused for CHANNEL_KEY_CACHE_MS (also across
   * concurrent callers), so a reconnect storm costs one query; a save on this process drops it at
   * once, one on another replica is seen within that time.
   */
  findByPublicKey(publicKey: string): Promise<ChannelEntity | null> {
    const now = Date.now();
    const hit = this.byKey.get(publicKey);
    if (hit && now - hit.at < CHANNEL_KEY_CACHE_MS) return hit.channel;
    if (this.byKey.size > 10_000) this.byKey.clear(); // unknown keys from bad clients must not grow it without bound
    const channel = this.channels.findOne({ where: { publicKey } });
    this.byKey.set(publicKey, { at: now, channel });
    channel.catch(() => this.byKey.delete(publicKey));
    return channel.then((c) => (c ? Object.assign(new ChannelEntity(), c) : null));
  }

  findByIds(workspaceId: string, ids: readonly string[]): Promise<ChannelEntity[]> {
    return this.channels.find({ where: { workspaceId, id: In([...ids]) } });
  }

  /** The workspace's channel, or null (also for an id that is not a UUID). */
  async findById(workspaceId: string, id: string, m?: EntityManager): Promise<ChannelEntity | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    return (m ? m.getRepository(ChannelEntity) : this.channels).findOne({ where: { workspaceId, id } });
  }

  /**
   * Names of the workspace's channels whose stored settings have every given top-level value
   * (compared as text, e.g. `{ botEnabled: 'true' }`); in the caller's transaction when given.
   */
  async namesWithSettings(workspaceId: string, match: Readonly<Record<string, string>>, m?: EntityManager): Promise<string[]> {
    const pairs = Object.entries(match);
    if (!pairs.length) throw new Error('namesWithSettings needs at least one setting to match');
    const where = pairs.map((_, i) => `settings->>$${2 * i + 2} = $${2 * i + 3}`).join(' AND ');
    const rows: Array<{ name: string }> = await (m ?? this.channels.manager).query(`SELECT name FROM channels WHERE workspace_id = $1 AND ${where}`, [workspaceId, ...pairs.flat()]);
    return rows.map((r) => r.name);
  }

  async update(workspaceId: string, id: string, patch: Pick<ChannelEntity, 'name' | 'active' | 'settings'>): Promise<ChannelEntity> {
    const channel = await this.channels.findOneOrFail({ where: { workspaceId, id } });
    Object.assign(channel, patch);
    const saved = await this.channels.save(channel);
    this.byKey.delete(saved.publicKey);
    return saved;
  }

  list(workspaceId: string): Promise<ChannelEntity[]> {
    return this.channels.find({ where: { workspaceId }, order: { name: 'ASC' } });
  }
}
