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

  list(workspaceId: string): Promise<ChannelEntity[]> {
    return this.channels.find({ where: { workspaceId }, order: { name: 'ASC' } });
  }
}
