import { Injectable, inject } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { AiSettingsDocument, AiSettingsQuery, CheckAiConnectionDocument, CheckAiConnectionMutation, UpdateAiSettingsDocument, UpdateAiSettingsInput } from './generated/graphql';

export type AiSettings = AiSettingsQuery['aiSettings'];

/** Settings › AI tools (E7): read, save and check the workspace's OpenAI-compatible endpoint. Errors are thrown for the form. */
@Injectable({ providedIn: 'root' })
export class AiSettingsService {
  private readonly api = inject(ApiClient);

  async get(): Promise<AiSettings> {
    return (await this.api.request(AiSettingsDocument)).aiSettings;
  }

  async save(input: UpdateAiSettingsInput): Promise<AiSettings> {
    return (await this.api.request(UpdateAiSettingsDocument, { input })).updateAiSettings;
  }

  async check(input: UpdateAiSettingsInput): Promise<CheckAiConnectionMutation['checkAiConnection']> {
    return (await this.api.request(CheckAiConnectionDocument, { input })).checkAiConnection;
  }
}
