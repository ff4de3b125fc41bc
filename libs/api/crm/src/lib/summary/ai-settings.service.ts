import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig, isSealed, SealedSecret, SecretBox } from '@parley/api/platform/config';
import { badInput } from '@parley/api/platform/graphql';
import { AI_API_KEY_MAX_LENGTH, AI_BASE_URL_MAX_LENGTH, AI_MODEL_MAX_LENGTH, AI_TOKEN_BUDGET_DEFAULT, AI_TOKEN_BUDGET_MAX, AI_TOKEN_BUDGET_MIN, AuditAction } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { AiSettingsObject } from './ai-settings.object';
import { checkProvider, ProviderEndpoint } from './summary-provider';

interface SettingsRow {
  summary_enabled: boolean;
  base_url: string;
  api_key: SealedSecret | null;
  model: string;
  token_budget: number;
  updated_at: Date;
}

export interface AiSettingsChange {
  summaryEnabled: boolean;
  baseUrl: string;
  model: string;
  tokenBudget: number;
  apiKey?: string | null;
  clearApiKey?: boolean | null;
}

/** What a workspace without a row shows (nothing is on until an admin saves). */
const DEFAULTS: AiSettingsObject = { summaryEnabled: false, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', tokenBudget: AI_TOKEN_BUDGET_DEFAULT, apiKeySet: false, updatedAt: null };

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/** An http(s) URL without credentials or a fragment; the trailing slash dropped. */
function checkedBaseUrl(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim()) throw fail('baseUrl', 'Enter the endpoint’s base URL, e.g. https://api.openai.com/v1');
  const v = raw.trim();
  if (v.length > AI_BASE_URL_MAX_LENGTH) throw fail('baseUrl', `The base URL is longer than ${AI_BASE_URL_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw fail('baseUrl', 'The base URL is not a URL (it starts with https:// or http://)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('baseUrl', 'The base URL must start with https:// or http://');
  if (url.username || url.password) throw fail('baseUrl', 'Put the API key in its own field, not in the URL');
  if (url.hash) throw fail('baseUrl', 'The base URL cannot have a #fragment');
  return v.replace(/\/+$/, '');
}

/**
 * Issue #11 (E7): Settings › AI tools — the workspace's OpenAI-compatible endpoint. The API key is
 * write-only: sealed (AES-256-GCM, SecretBox) in `ai_settings.api_key`, opened only in memory for
 * a request to the provider; GraphQL says whether one is set. Every save is audited (which fields,
 * never the key).
 */
@Injectable()
export class AiSettingsService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.channelSecretsKey);
  }

  private async row(workspaceId: string): Promise<SettingsRow | null> {
    const [r] = await this.db.query(`SELECT summary_enabled, base_url, api_key, model, token_budget, updated_at FROM ai_settings WHERE workspace_id = $1`, [workspaceId]);
    return (r as SettingsRow | undefined) ?? null;
  }

  async get(workspaceId: string): Promise<AiSettingsObject> {
    const r = await this.row(workspaceId);
    if (!r) return { ...DEFAULTS };
    return { summaryEnabled: r.summary_enabled, baseUrl: r.base_url, model: r.model, tokenBudget: r.token_budget, apiKeySet: isSealed(r.api_key), updatedAt: new Date(r.updated_at) };
  }

  /** The endpoint and budget for a summary, key opened; null while summaries are off. */
  async summaryEndpoint(workspaceId: string): Promise<(ProviderEndpoint & { tokenBudget: number }) | null> {
    const r = await this.row(workspaceId);
    if (!r?.summary_enabled) return null;
    return { baseUrl: r.base_url, model: r.model, tokenBudget: r.token_budget, apiKey: isSealed(r.api_key) ? this.box.unseal(r.api_key) : null };
  }

  async update(user: AuthUser & { displayName?: string | null }, input: AiSettingsChange): Promise<AiSettingsObject> {
    if (typeof input.summaryEnabled !== 'boolean') throw fail('summaryEnabled', 'summaryEnabled must be true or false');
    const baseUrl = checkedBaseUrl(input.baseUrl);
    const model = typeof input.model === 'string' ? input.model.trim() : '';
    if (!model) throw fail('model', 'Enter the model’s name, e.g. gpt-4o-mini or llama3.1');
    if (model.length > AI_MODEL_MAX_LENGTH) throw fail('model', `The model’s name is longer than ${AI_MODEL_MAX_LENGTH} characters`);
    if (/\s/.test(model)) throw fail('model', 'A model’s name has no spaces');
    const budget = input.tokenBudget;
    if (!Number.isInteger(budget) || budget < AI_TOKEN_BUDGET_MIN || budget > AI_TOKEN_BUDGET_MAX) throw fail('tokenBudget', `The token budget is a whole number from ${AI_TOKEN_BUDGET_MIN.toLocaleString('en')} to ${AI_TOKEN_BUDGET_MAX.toLocaleString('en')}`);
    const key = typeof input.apiKey === 'string' ? input.apiKey.trim() : '';
    if (key.length > AI_API_KEY_MAX_LENGTH) throw fail('apiKey', `The API key is longer than ${AI_API_KEY_MAX_LENGTH} characters`);
    if (/\s/.test(key)) throw fail('apiKey', 'An API key has no spaces');
    if (key && input.clearApiKey) throw fail('apiKey', 'Either enter a new API key or remove the stored one, not both');

    return this.db.transaction(async (m) => {
      const [before] = (await m.query(`SELECT summary_enabled, base_url, api_key, model, token_budget FROM ai_settings WHERE workspace_id = $1 FOR UPDATE`, [user.workspaceId])) as SettingsRow[];
      const apiKey = key ? this.box.seal(key) : input.clearApiKey ? null : (before?.api_key ?? null);
      await m.query(
        `INSERT INTO ai_settings (workspace_id, summary_enabled, base_url, api_key, model, token_budget, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (workspace_id) DO UPDATE SET summary_enabled = EXCLUDED.summary_enabled, base_url = EXCLUDED.base_url, api_key = EXCLUDED.api_key,
           model = EXCLUDED.model, token_budget = EXCLUDED.token_budget, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [user.workspaceId, input.summaryEnabled, baseUrl, apiKey ? JSON.stringify(apiKey) : null, model, budget, user.operatorId],
      );
      const was = before ?? { summary_enabled: DEFAULTS.summaryEnabled, base_url: DEFAULTS.baseUrl, model: DEFAULTS.model, token_budget: DEFAULTS.tokenBudget, api_key: null };
      const changed = [
        was.summary_enabled !== input.summaryEnabled && 'summaryEnabled',
        was.base_url !== baseUrl && 'baseUrl',
        was.model !== model && 'model',
        was.token_budget !== budget && 'tokenBudget',
      ].filter((x): x is string => !!x);
      const keyChange = key ? 'replaced' : input.clearApiKey && isSealed(was.api_key) ? 'removed' : null;
      await this.audit.record(
        {
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName: user.displayName ?? null,
          action: AuditAction.aiSettingsChanged,
          targetType: 'workspace',
          targetId: user.workspaceId,
          details: { changed, summaryEnabled: input.summaryEnabled, ...(keyChange ? { apiKey: keyChange } : {}) },
        },
        m,
      );
      return { summaryEnabled: input.summaryEnabled, baseUrl, model, tokenBudget: budget, apiKeySet: !!apiKey, updatedAt: new Date() };
    });
  }

  /** "Check connection" with the stored settings (or the form's, not saved yet; an empty key uses the stored one). */
  async check(workspaceId: string, form: Pick<AiSettingsChange, 'baseUrl' | 'model' | 'apiKey'>): Promise<{ ok: boolean; message: string }> {
    const baseUrl = checkedBaseUrl(form.baseUrl);
    const model = typeof form.model === 'string' ? form.model.trim() : '';
    if (!model) throw fail('model', 'Enter the model’s name, e.g. gpt-4o-mini or llama3.1');
    const typed = typeof form.apiKey === 'string' ? form.apiKey.trim() : '';
    if (typed.length > AI_API_KEY_MAX_LENGTH) throw fail('apiKey', `The API key is longer than ${AI_API_KEY_MAX_LENGTH} characters`);
    const stored = await this.row(workspaceId);
    const apiKey = typed || (stored && isSealed(stored.api_key) ? this.box.unseal(stored.api_key) : null);
    return checkProvider({ baseUrl, model, apiKey }, 10_000);
  }
}
