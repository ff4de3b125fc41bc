import { Injectable, inject } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { ApiKeyScope, ApiKeysChangedDocument, ApiKeysDocument, ApiKeysQuery, CreateApiKeyDocument, CreateApiKeyMutation, RevokeApiKeyDocument } from './generated/graphql';

export type ApiKey = ApiKeysQuery['apiKeys'][number];
export type CreatedApiKey = CreateApiKeyMutation['createApiKey'];

/** Settings › API keys (issue #15): list, create (the plaintext key comes back once), revoke, live changes. Errors are thrown for the form. */
@Injectable({ providedIn: 'root' })
export class ApiKeysService {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);

  async list(): Promise<ApiKey[]> {
    return (await this.api.request(ApiKeysDocument)).apiKeys;
  }

  async create(name: string, scopes: ApiKeyScope[]): Promise<CreatedApiKey> {
    return (await this.api.request(CreateApiKeyDocument, { input: { name, scopes } })).createApiKey;
  }

  async revoke(id: string): Promise<ApiKey> {
    return (await this.api.request(RevokeApiKeyDocument, { id })).revokeApiKey;
  }

  /** A key was created or revoked by anyone in the workspace, until the returned function is called. */
  changes(listener: () => void): () => void {
    return this.realtime.subscribe(ApiKeysChangedDocument, { next: () => listener(), error: () => undefined });
  }
}
