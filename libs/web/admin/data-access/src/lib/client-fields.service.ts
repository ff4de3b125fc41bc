import { Injectable, inject } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { AdminCustomFieldsDocument, AdminCustomFieldsQuery, CreateCustomFieldDocument, CreateCustomFieldInput, DeleteCustomFieldDocument, UpdateCustomFieldDocument, UpdateCustomFieldInput } from './generated/graphql';

export type AdminCustomField = AdminCustomFieldsQuery['customFields'][number];

/** Settings › Client fields (E2): list, create, change and delete the workspace's custom client fields. Errors are thrown for the form. */
@Injectable({ providedIn: 'root' })
export class ClientFieldsService {
  private readonly api = inject(ApiClient);

  async list(): Promise<AdminCustomField[]> {
    return (await this.api.request(AdminCustomFieldsDocument)).customFields;
  }

  async create(input: CreateCustomFieldInput): Promise<AdminCustomField> {
    return (await this.api.request(CreateCustomFieldDocument, { input })).createCustomField;
  }

  async update(input: UpdateCustomFieldInput): Promise<AdminCustomField> {
    return (await this.api.request(UpdateCustomFieldDocument, { input })).updateCustomField;
  }

  async remove(id: string): Promise<void> {
    await this.api.request(DeleteCustomFieldDocument, { id });
  }
}
