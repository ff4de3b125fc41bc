import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@parley/api/identity';
import { ContactFieldsResolver } from './contact-fields.resolver';
import { ContactEntity } from './contact.entity';
import { ContactsService } from './contacts.service';
import { ContactChannelIdentityEntity } from './identities/contact-channel-identity.entity';
import { ContactIdentitiesService } from './identities/contact-identities.service';
import { TagsService } from './tags/tags.service';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, ContactChannelIdentityEntity]), IdentityModule],
  providers: [ContactsService, TagsService, ContactFieldsResolver, ContactIdentitiesService],
  exports: [ContactsService, TagsService, ContactIdentitiesService],
})
export class ContactsModule {}
