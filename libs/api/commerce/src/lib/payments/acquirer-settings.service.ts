import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { AuditService } from '@parley/api/platform/audit';
import { AppConfig, isSealed, SecretBox } from '@parley/api/platform/config';
import { badInput, forbidden } from '@parley/api/platform/graphql';
import { AuditAction, Permission } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Acquirer, AcquirerContext } from './acquirer';
import { AcquirerRegistry } from './acquirer-registry';
import { AcquirerSettingsObject, UpdateAcquirerSettingsInput } from './payment-link.object';

type Row = Record<string, unknown>;
const SECRET_MAX = 500;

/**
 * Issue #12 (E5): each workspace's acquirer settings. Secrets are sealed with the same SecretBox
 * as channel credentials (AES-256-GCM, CHANNEL_SECRETS_KEY) and never leave the API: admins see
 * which are set. A workspace without a row gets the acquirer's default (the test acquirer is on).
 */
@Injectable()
export class AcquirerSettingsService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: AcquirerRegistry,
    private readonly access: OperatorAccessService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.channelSecretsKey);
  }

  /** The acquirer's settings with its secrets opened, in memory (for sending a link or checking a webhook). */
  async context(workspaceId: string, acquirer: Acquirer, m: EntityManager = this.db.manager): Promise<{ enabled: boolean; ctx: AcquirerContext }> {
    const [row]: Row[] = await m.query(`SELECT * FROM acquirer_settings WHERE workspace_id = $1 AND kind = $2`, [workspaceId, acquirer.kind]);
    const secrets: Record<string, string> = {};
    for (const [k, v] of Object.entries((row?.['secrets'] as Record<string, unknown>) ?? {})) if (isSealed(v)) secrets[k] = this.box.unseal(v);
    return { enabled: row ? (row['enabled'] as boolean) : acquirer.enabledByDefault, ctx: { workspaceId, config: (row?.['config'] as Record<string, unknown>) ?? {}, secrets } };
  }

  async list(user: AuthUser): Promise<AcquirerSettingsObject[]> {
    await this.assertMayConfigure(user);
    return Promise.all(this.registry.all().map((a) => this.view(user.workspaceId, a)));
  }

  async update(user: AuthUser, input: UpdateAcquirerSettingsInput): Promise<AcquirerSettingsObject> {
    await this.assertMayConfigure(user);
    const acquirer = this.registry.get(typeof input.kind === 'string' ? input.kind : null);
    if (!acquirer) throw badInput('Unknown acquirer', { field: 'kind' });
    if (typeof input.enabled !== 'boolean') throw badInput('enabled must be true or false', { field: 'enabled' });
    const given: Record<string, unknown> = { secretKey: input.secretKey, webhookSecret: input.webhookSecret };
    const clear = new Set(Array.isArray(input.clearSecrets) ? input.clearSecrets : []);
    for (const name of clear) if (!acquirer.secretNames.includes(name)) throw badInput(`Unknown secret ${String(name).slice(0, 40)}`, { field: 'clearSecrets' });
    for (const [name, v] of Object.entries(given)) {
      if (v === null || v === undefined || v === '') continue;
      if (!acquirer.secretNames.includes(name)) throw badInput(`${acquirer.label} takes no ${name}`, { field: name });
      if (typeof v !== 'string' || v.length > SECRET_MAX || /\s/.test(v)) throw badInput(`${name} must be up to ${SECRET_MAX} characters without spaces`, { field: name });
      if (name === 'secretKey' && !/^(sk|rk)_[A-Za-z0-9_]+$/.test(v)) throw badInput('A Stripe secret key starts with sk_ (or rk_ for a restricted key)', { field: name });
      if (name === 'webhookSecret' && !/^whsec_[A-Za-z0-9_]+$/.test(v)) throw badInput('A Stripe webhook signing secret starts with whsec_', { field: name });
    }
    await this.db.transaction(async (m) => {
      const [row]: Row[] = await m.query(`SELECT secrets FROM acquirer_settings WHERE workspace_id = $1 AND kind = $2 FOR UPDATE`, [user.workspaceId, acquirer.kind]);
      const secrets: Record<string, unknown> = { ...((row?.['secrets'] as Record<string, unknown>) ?? {}) };
      const changed: Record<string, 'replaced' | 'removed'> = {};
      for (const name of acquirer.secretNames) {
        const v = given[name];
        if (typeof v === 'string' && v !== '') {
          secrets[name] = this.box.seal(v);
          changed[name] = 'replaced';
        } else if (clear.has(name) && secrets[name] !== undefined) {
          delete secrets[name];
          changed[name] = 'removed';
        }
      }
      // audited in the same transaction: which secrets changed, never their values
      const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
      await this.audit.record(
        {
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName: (actor?.display_name as string | undefined) ?? null,
          action: AuditAction.acquirerSettingsChanged,
          targetType: 'workspace',
          targetId: user.workspaceId,
          details: { kind: acquirer.kind, enabled: input.enabled, secrets: changed },
        },
        m,
      );
      await m.query(
        `INSERT INTO acquirer_settings (workspace_id, kind, enabled, secrets) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (workspace_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, secrets = EXCLUDED.secrets, updated_at = now()`,
        [user.workspaceId, acquirer.kind, input.enabled, JSON.stringify(secrets)],
      );
    });
    return this.view(user.workspaceId, acquirer);
  }

  /** Where a webhook of this acquirer and workspace is sent. */
  webhookUrl(workspaceId: string, acquirer: Acquirer): string | null {
    return acquirer.hasWebhook ? `${publicBase(this.config)}/api/webhooks/${acquirer.kind}/${workspaceId}` : null;
  }

  private async view(workspaceId: string, a: Acquirer): Promise<AcquirerSettingsObject> {
    const { enabled, ctx } = await this.context(workspaceId, a);
    return { kind: a.kind, label: a.label, enabled, secretNames: [...a.secretNames], secretsSet: a.secretNames.filter((n) => !!ctx.secrets[n]), webhookUrl: this.webhookUrl(workspaceId, a), problem: a.missing(ctx) };
  }

  private async assertMayConfigure(user: AuthUser): Promise<void> {
    if (!(await this.access.permissions(user)).has(Permission.configure_commerce)) throw forbidden('You need the "Configure orders, delivery and payments" right');
  }
}

/** The address clients reach Parley at (PUBLIC_URL, else this port on localhost). */
export function publicBase(config: AppConfig): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}
