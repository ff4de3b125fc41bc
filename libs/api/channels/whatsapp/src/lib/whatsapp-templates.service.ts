import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelSecrets } from '@parley/api/channels/core';
import { ConversationsService, MessageEntity } from '@parley/api/conversations';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { ErrorCode, MAX_CLIENT_ID_LENGTH, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { GraphApiClient } from './graph-api.client';
import { validateWhatsappSettings, WhatsappSettings } from './whatsapp-settings';
import { readTemplate, templateMessageText, templateVariableErrors, WhatsappTemplate } from './whatsapp-templates';

/** `channels.type` of WhatsApp channels (the adapter's kind; repeated here to keep the import graph acyclic). */
const KIND = 'whatsapp';
/** At most this many pages of 100 are read in one sync (Meta allows 250 templates per account, more on request). */
const SYNC_PAGES_MAX = 50;

export interface TemplateSyncResult {
  /** Approved templates stored (those Parley can fill). */
  stored: number;
  /** Approved ones left out, with the reason. */
  skipped: Array<{ name: string; language: string; reason: string }>;
  syncedAt: Date;
}

export interface SendTemplateParams {
  conversationId: string;
  clientId?: string | null;
  templateName: string;
  language: string;
  variables: unknown;
}

const COLUMNS = `t.name, t.language, t.category, t.header, t.body, t.footer, t.variable_count AS "variableCount"`;

/**
 * Issue #10: WhatsApp's message templates. Sync reads the approved ones of the channel's Business
 * Account from the Graph API (paged) into `whatsapp_templates`; operators list those of a
 * conversation's channel and send one with its variables filled in. A template message is an
 * ordinary operator message whose body is the text the client gets; which template and values it
 * carries is written to `whatsapp_template_sends` first (keyed by conversation and clientId), so
 * the adapter's `deliver` sends it as a template whenever the outbox gets to it.
 */
@Injectable()
export class WhatsappTemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: ChannelSecrets,
    private readonly conversations: ConversationsService,
    private readonly config: AppConfig,
  ) {}

  /** The admin's "Sync templates": the channel of the caller's workspace, its secrets opened. */
  async syncChannel(user: AuthUser, channelId: string): Promise<TemplateSyncResult> {
    if (typeof channelId !== 'string' || !/^[0-9a-f-]{36}$/i.test(channelId)) throw notFound('Channel');
    const channel = await this.db.getRepository(ChannelEntity).findOne({ where: { id: channelId, workspaceId: user.workspaceId } });
    if (!channel) throw notFound('Channel');
    if (channel.type !== KIND) throw badInput('Only WhatsApp channels have message templates', { field: 'channelId' });
    return this.sync(Object.assign(new ChannelEntity(), channel, { settings: this.secrets.open(channel.settings) }));
  }

  /**
   * Reads every page of the Business Account's templates and replaces the channel's stored ones
   * with the approved ones (a template deleted or no longer approved in WhatsApp Manager goes).
   * Errors are BAD_USER_INPUT in words an admin can act on (a wrong or missing account id, a token
   * without whatsapp_business_management); nothing stored changes then.
   */
  async sync(channel: ChannelEntity): Promise<TemplateSyncResult> {
    const v = validateWhatsappSettings(channel.settings);
    if ('errors' in v) throw badInput(`The WhatsApp channel's settings are incomplete: ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { field: v.errors[0]?.field ?? 'settings', fieldErrors: v.errors });
    const s = v.settings;
    if (!s.businessAccountId) {
      throw badInput('Templates cannot be synced without the WhatsApp Business Account ID: enter it in the channel settings (WhatsApp Manager → Account tools → the account\'s ID)', { field: 'businessAccountId' });
    }
    const listed = await this.fetchAll(s);
    const templates: WhatsappTemplate[] = [];
    const skipped: TemplateSyncResult['skipped'] = [];
    const seen = new Set<string>();
    for (const raw of listed) {
      const r = readTemplate(raw);
      if (!r) continue;
      if ('skipped' in r) {
        skipped.push({ name: r.name, language: r.language, reason: r.skipped });
        continue;
      }
      const key = `${r.template.name}:${r.template.language}`;
      if (seen.has(key)) continue;
      seen.add(key);
      templates.push(r.template);
    }
    const syncedAt = new Date();
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM whatsapp_templates WHERE channel_id = $1`, [channel.id]);
      for (const t of templates) {
        await m.query(
          `INSERT INTO whatsapp_templates (channel_id, name, language, category, header, body, footer, variable_count, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [channel.id, t.name, t.language, t.category, t.header, t.body, t.footer, t.variableCount, syncedAt],
        );
      }
    });
    return { stored: templates.length, skipped, syncedAt };
  }

  /** The approved templates of the conversation's channel, if the caller may see the conversation; none for other kinds. */
  async forConversation(user: AuthUser, conversationId: string): Promise<WhatsappTemplate[]> {
    if (typeof conversationId !== 'string' || !/^[0-9a-f-]{36}$/i.test(conversationId)) throw notFound('Conversation');
    const conversation = await this.conversations.getForOperator(user, conversationId);
    return this.db.query(
      `SELECT ${COLUMNS} FROM whatsapp_templates t JOIN channels ch ON ch.id = t.channel_id
        WHERE t.channel_id = $1 AND ch.workspace_id = $2 AND ch.type = $3 ORDER BY t.name, t.language`,
      [conversation.channelId, user.workspaceId, KIND],
    );
  }

  /**
   * Stores the filled-in template as the operator's message and queues it (the thread shows what
   * the client got). Idempotent on clientId like `sendMessage`; a clientId already used for a
   * plain message is a CONFLICT.
   */
  async send(user: AuthUser, p: SendTemplateParams): Promise<MessageEntity> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw new DomainException(ErrorCode.Forbidden, 'Observers cannot send messages');
    if (typeof p.conversationId !== 'string' || !/^[0-9a-f-]{36}$/i.test(p.conversationId)) throw notFound('Conversation');
    const conversation = await this.conversations.getForOperator(user, p.conversationId);
    const clientId = p.clientId ?? randomUUID();
    if (typeof clientId !== 'string' || !clientId || clientId.length > MAX_CLIENT_ID_LENGTH) throw badInput(`clientId must be 1 to ${MAX_CLIENT_ID_LENGTH} characters`, { field: 'clientId' });
    const [channel] = await this.db.query(`SELECT type FROM channels WHERE id = $1 AND workspace_id = $2`, [conversation.channelId, user.workspaceId]);
    if (channel?.type !== KIND) throw badInput('Templates are sent in WhatsApp conversations only', { field: 'conversationId' });
    const name = typeof p.templateName === 'string' ? p.templateName.trim() : '';
    const language = typeof p.language === 'string' ? p.language.trim() : '';
    const [template]: WhatsappTemplate[] = name && language ? await this.db.query(`SELECT ${COLUMNS} FROM whatsapp_templates t WHERE t.channel_id = $1 AND t.name = $2 AND t.language = $3`, [conversation.channelId, name, language]) : [];
    if (!template) {
      throw badInput(`"${name.slice(0, 100)}" (${language.slice(0, 20)}) is not an approved template of this channel; an administrator can sync them again`, { field: 'templateName' });
    }
    const errors = templateVariableErrors(template, p.variables);
    if (errors.length) throw badInput(errors.map((e) => (e.field === 'variables' ? e.message : `{{${e.field.split('.')[1]}}}: ${e.message}`)).join('; '), { field: errors[0].field, fieldErrors: errors });
    const variables = (p.variables as string[]).map((x) => x.trim());
    const [used] = await this.db.query(
      `SELECT (s.client_id IS NOT NULL) AS template FROM messages m LEFT JOIN whatsapp_template_sends s ON s.conversation_id = m.conversation_id AND s.client_id = m.client_id
        WHERE m.conversation_id = $1 AND m.client_id = $2`,
      [p.conversationId, clientId],
    );
    if (used && !used.template) throw new DomainException(ErrorCode.Conflict, 'This clientId was already used for another message');
    // before the message: the outbox may send it the moment it is committed
    await this.db.query(
      `INSERT INTO whatsapp_template_sends (conversation_id, client_id, name, language, variables) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [p.conversationId, clientId, template.name, template.language, JSON.stringify(variables)],
    );
    try {
      const message = await this.conversations.sendAsOperator(user, p.conversationId, clientId, templateMessageText(template, variables));
      await this.db.query(`UPDATE whatsapp_template_sends SET message_id = $3 WHERE conversation_id = $1 AND client_id = $2 AND message_id IS NULL`, [p.conversationId, clientId, message.id]);
      return message;
    } catch (e) {
      if (!used) {
        await this.db.query(
          `DELETE FROM whatsapp_template_sends s WHERE conversation_id = $1 AND client_id = $2 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = s.conversation_id AND m.client_id = s.client_id)`,
          [p.conversationId, clientId],
        );
      }
      throw e;
    }
  }

  private async fetchAll(s: WhatsappSettings) {
    const client = new GraphApiClient({ baseUrl: this.config.channelApis.whatsapp, accessToken: s.accessToken });
    const all = [];
    let after: string | null = null;
    try {
      for (let page = 0; page < SYNC_PAGES_MAX; page++) {
        const r = await client.messageTemplates(s.businessAccountId as string, after);
        all.push(...r.data);
        if (!r.after || r.after === after) break;
        after = r.after;
      }
    } catch (e) {
      throw badInput(syncErrorText(e, s.businessAccountId as string), { field: syncErrorField(e) });
    }
    return all;
  }
}

/** A failed sync in an admin's words (the Graph client's reasons speak of messages). */
function syncErrorText(e: unknown, waba: string): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'WHATSAPP_100':
      return `WhatsApp does not know the WhatsApp Business Account ID ${waba} for this access token: check it in WhatsApp Manager (it is not the phone number ID)`;
    case 'WHATSAPP_190':
      return 'The WhatsApp access token has expired or is invalid: enter a new one in the channel settings';
    case 'WHATSAPP_10':
    case 'WHATSAPP_200':
      return 'The access token may not read the templates: give its system user the whatsapp_business_management permission';
    default:
      return `The templates could not be synced: ${(e as Error).message}`;
  }
}

function syncErrorField(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return code === 'WHATSAPP_100' ? 'businessAccountId' : code === 'WHATSAPP_190' || code === 'WHATSAPP_10' || code === 'WHATSAPP_200' ? 'accessToken' : 'settings';
}
