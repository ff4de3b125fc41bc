import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@parley/api/identity';
import { ContactFieldsResolver } from './contact-fields.resolver';
import { ContactEntity } from './contact.entity';
import { ContactsService } from './contacts.service';
import { TagsService } from './tags/tags.service';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity]), IdentityModule],
  providers: [ContactsService, TagsService, ContactFieldsResolver],
  exports: [ContactsService, TagsService],
})
export class ContactsModule {}
