import { DynamicModule, ForwardReference, Module, Type } from '@nestjs/common';
import { IdentityModule } from '@parley/api/identity';
import { ContactsModule } from '../contacts.module';
import { ClientMergeResolver } from '../merge/client-merge.resolver';
import { ClientMergeService } from '../merge/client-merge.service';
import { ClientEditService } from './client-edit.service';
import { ClientResolver, ContactChangeResolver } from './client.resolver';
import { ContactEditResolver } from './contact-edit.resolver';
import { ContactEditService } from './contact-edit.service';

export interface ContactEditModuleOptions {
  /** Modules of which one exports CONTACT_EDIT_CONTEXT (the conversations domain's ConversationsModule). */
  imports: Array<Type<unknown> | DynamicModule | ForwardReference>;
}

/**
 * Contact edits from another domain's screen (SPEC C6: owner and tags from a conversation). Kept
 * apart from ContactsModule, which every domain imports, so only the app wires the port:
 * `ContactEditModule.register({ imports: [ConversationsModule] })`.
 */
@Module({})
export class ContactEditModule {
  static register(options: ContactEditModuleOptions): DynamicModule {
    return {
      module: ContactEditModule,
      imports: [ContactsModule, IdentityModule, ...options.imports],
      providers: [ContactEditService, ContactEditResolver, ClientEditService, ClientResolver, ContactChangeResolver, ClientMergeService, ClientMergeResolver],
      exports: [ContactEditService, ClientEditService, ClientMergeService],
    };
  }
}
