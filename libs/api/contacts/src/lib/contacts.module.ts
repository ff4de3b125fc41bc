import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@parley/api/identity';
import { ClientEventsService } from './clients/client-events';
import { ClientListResolver } from './clients/client-list.resolver';
import { ClientListService } from './clients/client-list.service';
import { ClientsService } from './clients/clients.service';
import { ContactFieldsResolver } from './contact-fields.resolver';
import { CustomFieldsResolver } from './custom-fields/custom-fields.resolver';
import { CustomFieldsService } from './custom-fields/custom-fields.service';
import { ContactEntity } from './contact.entity';
import { ContactsService } from './contacts.service';
import { ContactChannelIdentityEntity } from './identities/contact-channel-identity.entity';
import { ContactIdentitiesService } from './identities/contact-identities.service';
import { ContactMergeSteps } from './merge/contact-merge-steps';
import { RunTagJob } from './tags/run-tag-job.job';
import { TagAdminResolver } from './tags/tag-admin.resolver';
import { TagAdminService } from './tags/tag-admin.service';
import { TagsService } from './tags/tags.service';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, ContactChannelIdentityEntity]), IdentityModule],
  providers: [ContactsService, TagsService, ContactFieldsResolver, ContactIdentitiesService, ClientsService, ClientEventsService, CustomFieldsService, CustomFieldsResolver, TagAdminService, TagAdminResolver, RunTagJob, ClientListService, ClientListResolver, ContactMergeSteps],
  exports: [ContactsService, TagsService, TagAdminService, ContactIdentitiesService, ClientsService, ClientEventsService, CustomFieldsService, ClientListService, ContactMergeSteps],
})
export class ContactsModule {}
