import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ContactEntity } from './contact.entity';

@Injectable()
export class ContactsService {
  constructor(@InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>) {}

  async createAnonymous(workspaceId: string, manager?: EntityManager): Promise<ContactEntity> {
    const repo = manager ? manager.getRepository(ContactEntity) : this.contacts;
    return repo.save(repo.create({ workspaceId, name: null, email: null, phone: null }));
  }

  findByIds(workspaceId: string, ids: readonly string[]): Promise<ContactEntity[]> {
    return this.contacts.find({ where: { workspaceId, id: In([...ids]) } });
  }
}
