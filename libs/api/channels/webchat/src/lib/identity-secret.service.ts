import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelsService } from '@parley/api/channels/core';
import { IdentityService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { notFound } from '@parley/api/platform/graphql';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WEBCHAT_KIND } from './webchat.adapter';

/**
 * The web chat channel's identity secret: the site computes HMAC-SHA256(externalId or email,
 * secret) on its server and passes it to Parley.identify, so a visitor cannot claim to be a
 * contact they are not. Created on first read; admins see and regenerate it.
 */
@Injectable()
export class IdentitySecretService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: ChannelsService,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async find(channelId: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT secret FROM webchat_identity_secrets WHERE channel_id = $1`, [channelId]);
    return row ? (row.secret as string) : null;
  }

  /** The secret of the admin's channel, created when there is none. */
  async get(user: AuthUser, channelId: string): Promise<string> {
    const channel = await this.channels.findById(user.workspaceId, String(channelId ?? ''));
    if (!channel || channel.type !== WEBCHAT_KIND) throw notFound('Channel');
    await this.db.query(`INSERT INTO webchat_identity_secrets (channel_id, workspace_id, secret) VALUES ($1, $2, $3) ON CONFLICT (channel_id) DO NOTHING`, [channel.id, channel.workspaceId, newSecret()]);
    return (await this.find(channel.id)) as string;
  }

  /** A new secret; hashes made with the old one stop verifying at once. Audited. */
  async regenerate(user: AuthUser, channelId: string): Promise<string> {
    const channel = await this.channels.findById(user.workspaceId, String(channelId ?? ''));
    if (!channel || channel.type !== WEBCHAT_KIND) throw notFound('Channel');
    const secret = newSecret();
    const [actor] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO webchat_identity_secrets (channel_id, workspace_id, secret) VALUES ($1, $2, $3) ON CONFLICT (channel_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()`,
        [channel.id, channel.workspaceId, secret],
      );
      await this.audit.record(
        { workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.displayName ?? null, action: AuditAction.webchatIdentitySecretRegenerated, targetType: 'channel', targetId: channel.id, details: { channel: channel.name } },
        m,
      );
    });
    return secret;
  }
}

const newSecret = () => randomBytes(32).toString('hex');
