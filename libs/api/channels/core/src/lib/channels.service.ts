import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ChannelEntity } from './channel.entity';

@Injectable()
export class ChannelsService {
  constructor(@InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>) {}

  findByPublicKey(publicKey: string): Promise<ChannelEntity | null> {
    return this.channels.findOne({ where: { publicKey } });
  }

  findByIds(workspaceId: string, ids: readonly string[]): Promise<ChannelEntity[]> {
    return this.channels.find({ where: { workspaceId, id: In([...ids]) } });
  }

  /** The workspace's channel, or null (also for an id that is not a UUID). */
  async findById(workspaceId: string, id: string): Promise<ChannelEntity | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    return this.channels.findOne({ where: { workspaceId, id } });
  }

  async update(workspaceId: string, id: string, patch: Pick<ChannelEntity, 'name' | 'active' | 'settings'>): Promise<ChannelEntity> {
    const channel = await this.channels.findOneOrFail({ where: { workspaceId, id } });
    Object.assign(channel, patch);
    return this.channels.save(channel);
  }

  list(workspaceId: string): Promise<ChannelEntity[]> {
    return this.channels.find({ where: { workspaceId }, order: { name: 'ASC' } });
  }
}
