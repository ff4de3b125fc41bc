import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConversationsService, MessageObject } from '@parley/api/conversations';
import { ContactsService, TagsService } from '@parley/api/contacts';
import { IdentityService } from '@parley/api/identity';
import { AuditService } from '@parley/api/platform/audit';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { OutboxDrainer } from '@parley/api/platform/outbox';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AuditAction, ErrorCode, normalizeTagName, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { Allow } from 'class-validator';
import { DataSource } from 'typeorm';
import { ChannelAdapter } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelEntity } from '../channel.entity';
import { ChannelObject } from '../channel.object';
import { CHANNEL_MESSAGE_DELIVERY } from '../outbound/channel-outbound.queue';
import { ChannelSecrets } from '../secrets/channel-secrets';
import { ChannelLoader } from '../webhook/channel-loader';
import { ACQUISITION_OWNER_KEY, ACQUISITION_TAG_KEY, coreAcquisitionOf, ROUTING_GROUP_KEY, routingGroupOf, withCoreKeysOf, withoutCoreKeys } from '../inbound/routing-group';

@ObjectType('ChannelSettingsOption')
export class ChannelSettingsOptionObject {
  @Field() value: string;
  @Field() label: string;
}

@ObjectType('ChannelSettingsFieldCondition', { description: 'When a settings field is shown: while the select `key` has one of `values` (unset: its first option).' })
export class ChannelSettingsFieldConditionObject {
  @Field() key: string;
  @Field(() => [String]) values: string[];
}

@ObjectType('ChannelSettingsField', { description: "One field of a channel kind's settings form. Secrets are write-only: never returned, kept when sent empty." })
export class ChannelSettingsFieldObject {
  @Field({ description: 'Dotted path in the settings (imap.password).' }) key: string;
  @Field() label: string;
  @Field({ description: 'text | secret | number | boolean | email | url | select' }) type: string;
  @Field() required: boolean;
  @Field(() => String, { nullable: true }) hint: string | null;
  @Field(() => String, { nullable: true }) placeholder: string | null;
  @Field(() => [ChannelSettingsOptionObject]) options: ChannelSettingsOptionObject[];
  @Field(() => ChannelSettingsFieldConditionObject, { nullable: true, description: 'Shown only in some modes of the form; null: always.' }) shownWhen: ChannelSettingsFieldConditionObject | null;
}

@ObjectType('ChannelKind', { description: 'A kind of channel this Parley can serve (one adapter each).' })
export class ChannelKindObject {
  @Field() kind: string;
  @Field() displayName: string;
  @Field({ description: 'Its provider calls Parley on a webhook (Channel admin shows the URL).' }) webhooks: boolean;
  @Field({ description: 'Created and configured through the generic channel form (the web chat has its own screens).' }) configurable: boolean;
  @Field(() => [ChannelSettingsFieldObject]) settingsFields: ChannelSettingsFieldObject[];
}

@ObjectType('ChannelAdminView', { description: "A channel as admins edit it: settings without secrets, which secrets are set, its webhook URL." })
export class ChannelAdminViewObject {
  @Field(() => ChannelObject) channel: ChannelObject;
  @Field({ description: 'The settings as JSON, secrets left out.' }) settings: string;
  @Field(() => [String]) secretsSet: string[];
  @Field(() => String, { nullable: true, description: 'Where the provider must call (null for kinds without webhooks).' }) webhookUrl: string | null;
  @Field(() => ID, { nullable: true, description: 'The group its new conversations go to (SPEC B3); null: every agent.' }) groupId: string | null;
  @Field(() => String, { nullable: true, description: 'SPEC C6: the tag every contact this channel brings in gets.' }) acquisitionTag: string | null;
  @Field(() => ID, { nullable: true, description: 'SPEC C6: the owner every contact this channel brings in gets (when it has none).' }) acquisitionOwnerId: string | null;
  @Field(() => [ChannelAdminDetailObject], { description: "What the kind's adapter tells the admin to connect it (an e-mail channel's forwarding address)." }) details: ChannelAdminDetailObject[];
}

@ObjectType('ChannelAdminDetail', { description: 'A fact the admin needs to connect the channel (an e-mail forwarding address).' })
export class ChannelAdminDetailObject {
  @Field() label: string;
  @Field() value: string;
}

@ObjectType('ChannelConnectionCheck')
export class ChannelConnectionCheckObject {
  @Field() ok: boolean;
  @Field(() => String, { nullable: true }) message: string | null;
}

@InputType()
export class CreateChannelInput {
  @Field() @Allow() type: string;
  @Field() @Allow() name: string;
  @Field({ description: 'The settings as JSON (the kind\'s fields; secrets as text).' }) @Allow() settings: string;
  @Field(() => ID, { nullable: true, description: 'The group its new conversations go to; absent or null: none.' }) @Allow() groupId?: string | null;
  @Field(() => String, { nullable: true, description: 'SPEC C6: a tag name (created when new); absent, null or empty: none.' }) @Allow() acquisitionTag?: string | null;
  @Field(() => ID, { nullable: true, description: 'SPEC C6: an active operator; absent or null: none.' }) @Allow() acquisitionOwnerId?: string | null;
}

@InputType()
export class UpdateChannelInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => String, { nullable: true }) @Allow() name?: string | null;
  @Field(() => Boolean, { nullable: true }) @Allow() active?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The settings as JSON; a secret left empty keeps the stored one.' }) @Allow() settings?: string | null;
  @Field(() => ID, { nullable: true, description: 'The group its new conversations go to; absent: unchanged; null: none.' }) @Allow() groupId?: string | null;
  @Field(() => String, { nullable: true, description: 'SPEC C6: a tag name (created when new); absent: unchanged; null or empty: none.' }) @Allow() acquisitionTag?: string | null;
  @Field(() => ID, { nullable: true, description: 'SPEC C6: an active operator; absent: unchanged; null: none.' }) @Allow() acquisitionOwnerId?: string | null;
}

const MAX_SETTINGS_JSON = 64 * 1024;

/**
 * Issue #10: the generic channel admin API every non-web-chat kind is configured through (the
 * kind's adapter says its fields and validates them). Admins only, audited; secrets are sealed at
 * rest and write-only; saving calls the adapter's `onChannelSaved` (Telegram's setWebhook), whose
 * error is shown to the admin while the settings stay saved.
 */
@Resolver()
export class ChannelAdminResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly secrets: ChannelSecrets,
    private readonly loader: ChannelLoader,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    private readonly conversations: ConversationsService,
    private readonly drainer: OutboxDrainer,
    private readonly config: AppConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly tags: TagsService,
    private readonly contacts: ContactsService,
  ) {}

  @Roles(OperatorRole.admin)
  @Query(() => [ChannelKindObject], { description: 'Admins only: the channel kinds this Parley serves, with their settings forms.' })
  channelKinds(): ChannelKindObject[] {
    return this.registry.kinds().map((k) => {
      const a = this.registry.get(k);
      return {
        kind: a.kind,
        displayName: a.displayName,
        webhooks: typeof a.handleWebhook === 'function',
        configurable: !a.liveDelivery,
        settingsFields: (a.settingsFields ?? []).map((f) => ({ key: f.key, label: f.label, type: f.type, required: !!f.required, hint: f.hint ?? null, placeholder: f.placeholder ?? null, options: f.options ?? [], shownWhen: f.shownWhen ?? null })),
      };
    });
  }

  @Roles(OperatorRole.admin)
  @Query(() => ChannelAdminViewObject, { description: 'Admins only: a channel as its settings form shows it. NOT_FOUND otherwise.' })
  async channelAdmin(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ChannelAdminViewObject> {
    const channel = await this.find(user, id);
    return this.view(channel);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelAdminViewObject, { description: 'Admins only; audited. BAD_USER_INPUT with fieldErrors for invalid settings; NOT_FOUND for a kind Parley cannot serve.' })
  async createChannel(@CurrentUser() user: AuthUser, @Args('input') input: CreateChannelInput): Promise<ChannelAdminViewObject> {
    const adapter = this.configurable(String(input.type ?? ''));
    const name = this.name(input.name);
    const raw = this.json(input.settings);
    const valid = this.validate(adapter, raw);
    const groupId = await this.groupId(user, input.groupId);
    const acquisition = await this.acquisition(user, input.acquisitionTag ?? null, input.acquisitionOwnerId ?? null);
    const settings = withAcquisition(withRoutingGroup(this.secrets.sealInto(withoutCoreKeys(valid), null, this.secretPaths(adapter)), groupId), acquisition);
    const repo = this.db.getRepository(ChannelEntity);
    const saved = await this.db.transaction(async (m) => {
      const c = await m.getRepository(ChannelEntity).save(repo.create({ workspaceId: user.workspaceId, type: adapter.kind, name, publicKey: `${adapter.kind}-${randomBytes(8).toString('hex')}`, active: true, settings }));
      await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: await this.actorName(user), action: AuditAction.channelCreated, targetType: 'channel', targetId: c.id, details: { type: c.type, name: c.name } }, m);
      return c;
    });
    return this.afterSave(saved);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelAdminViewObject, { description: 'Admins only; audited. Secrets left empty are kept.' })
  async updateChannel(@CurrentUser() user: AuthUser, @Args('input') input: UpdateChannelInput): Promise<ChannelAdminViewObject> {
    const channel = await this.find(user, String(input.id ?? ''));
    const adapter = this.configurable(channel.type);
    const wasActive = channel.active;
    const changed: string[] = [];
    if (input.name !== undefined && input.name !== null) {
      channel.name = this.name(input.name);
      changed.push('name');
    }
    if (input.active !== undefined && input.active !== null) {
      if (typeof input.active !== 'boolean') throw badInput('active must be true or false', { field: 'active' });
      channel.active = input.active;
      changed.push('active');
    }
    if (input.settings !== undefined && input.settings !== null) {
      const raw = this.json(input.settings);
      // validation needs the secrets: the stored ones stand in for those left empty
      const merged = this.secrets.open(this.secrets.sealInto(raw, channel.settings, this.secretPaths(adapter)));
      const valid = this.validate(adapter, merged);
      channel.settings = withCoreKeysOf(this.secrets.sealInto(withoutCoreKeys(valid), channel.settings, this.secretPaths(adapter)), channel.settings);
      changed.push(...this.secretPaths(adapter).filter((p) => typeof pathOf(raw, p) === 'string' && pathOf(raw, p) !== '').map((p) => `${p} (secret)`), 'settings');
    }
    if (input.groupId !== undefined) {
      const groupId = input.groupId ? await this.groupId(user, input.groupId) : null;
      if (groupId !== routingGroupOf(channel.settings)) changed.push('group');
      channel.settings = withRoutingGroup(channel.settings ?? {}, groupId);
    }
    if (input.acquisitionTag !== undefined || input.acquisitionOwnerId !== undefined) {
      const current = coreAcquisitionOf(channel.settings);
      const acquisition = await this.acquisition(
        user,
        input.acquisitionTag === undefined ? undefined : input.acquisitionTag,
        input.acquisitionOwnerId === undefined ? current.ownerId : input.acquisitionOwnerId,
        current.tagId,
      );
      if (acquisition.tagId !== current.tagId || acquisition.ownerId !== current.ownerId) changed.push('acquisition');
      channel.settings = withAcquisition(channel.settings ?? {}, acquisition);
    }
    const saved = await this.db.transaction(async (m) => {
      const c = await m.getRepository(ChannelEntity).save(channel);
      await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: await this.actorName(user), action: AuditAction.channelUpdated, targetType: 'channel', targetId: c.id, details: { type: c.type, name: c.name, changed } }, m);
      return c;
    });
    return this.afterSave(saved, wasActive && !saved.active);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => Boolean, { description: 'Admins only; audited. CONFLICT while the channel has conversations (switch it off instead).' })
  async deleteChannel(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    const channel = await this.find(user, id);
    this.configurable(channel.type);
    const [used] = await this.db.query(`SELECT 1 FROM conversations WHERE channel_id = $1 LIMIT 1`, [channel.id]);
    if (used) throw new DomainException(ErrorCode.Conflict, 'This channel has conversations: switch it off instead of deleting it');
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM channels WHERE id = $1 AND workspace_id = $2`, [channel.id, user.workspaceId]);
      await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: await this.actorName(user), action: AuditAction.channelDeleted, targetType: 'channel', targetId: channel.id, details: { type: channel.type, name: channel.name } }, m);
    });
    this.loader.forget(channel.id);
    // other admins' channel lists drop it (they reload on `channelUpdated`; the channel's last state, switched off)
    await this.announce({ ...channel, active: false });
    // even when it was switched off already: a disconnect that failed then is tried again
    await this.removed(channel, 'Deleted');
    return true;
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelConnectionCheckObject, { description: 'Admins only: whether the channel reaches its provider now (a bot token, a mailbox), in words to act on.' })
  async checkChannelConnection(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ChannelConnectionCheckObject> {
    const channel = await this.find(user, id);
    const adapter = this.registry.get(channel.type);
    try {
      const r = await adapter.checkConnection(this.opened(channel));
      return { ok: !!r.ok, message: r.message ?? null };
    } catch (e) {
      return { ok: false, message: `The check failed: ${(e as Error).message}` };
    }
  }

  @Mutation(() => MessageObject, { description: "Sends a failed message again (the operator's Retry). NOT_FOUND unless it is a failed outbound message of a conversation the caller may write in." })
  async retryMessageDelivery(@CurrentUser() user: AuthUser, @Args('messageId', { type: () => ID }) messageId: string): Promise<MessageObject> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw new DomainException(ErrorCode.Forbidden, 'Observers cannot send messages');
    const [row] = await this.db.query(
      `SELECT d.id, m.conversation_id FROM outbound_deliveries d JOIN messages m ON m.id::text = d.dedupe_key
        WHERE d.kind = $1 AND d.dedupe_key = $2 AND d.workspace_id = $3 AND d.state = 'failed'`,
      [CHANNEL_MESSAGE_DELIVERY, String(messageId ?? ''), user.workspaceId],
    );
    if (!row) throw notFound('Failed message');
    // the same visibility as reading the conversation (groups, assignment)
    await this.conversations.getForOperator(user, row.conversation_id);
    const message = await this.conversations.updateDelivery(user.workspaceId, messageId, 'queued');
    await this.drainer.retry(row.id, user.workspaceId);
    if (!message) throw notFound('Failed message');
    return message;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async find(user: AuthUser, id: string): Promise<ChannelEntity> {
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Channel');
    const channel = await this.db.getRepository(ChannelEntity).findOne({ where: { id, workspaceId: user.workspaceId } });
    if (!channel) throw notFound('Channel');
    return channel;
  }

  private configurable(kind: string): ChannelAdapter {
    if (!this.registry.has(kind)) throw new DomainException(ErrorCode.NotFound, `Parley cannot serve channels of kind "${kind.slice(0, 40)}"`, { field: 'type' });
    const adapter = this.registry.get(kind);
    if (adapter.liveDelivery) throw badInput(`${adapter.displayName} channels are set up on their own screens`, { field: 'type' });
    return adapter;
  }

  /**
   * SPEC C6: the tag by name (found or created in the catalog; `undefined` keeps `keepTagId`) and
   * an owner who must be an active operator of the workspace; bad input names its field.
   */
  private async acquisition(user: AuthUser, tag: string | null | undefined, ownerId: string | null, keepTagId: string | null = null): Promise<{ tagId: string | null; ownerId: string | null }> {
    let tagId = keepTagId;
    if (tag !== undefined) {
      if (tag !== null && typeof tag !== 'string') throw badInput('The tag must be text', { field: 'acquisitionTag' });
      const name = normalizeTagName(tag ?? '');
      tagId = name ? (await this.tags.findOrCreate(user.workspaceId, name, 'acquisitionTag')).id : null;
    }
    if (ownerId) await this.contacts.ownerCandidate(user.workspaceId, ownerId, 'acquisitionOwnerId');
    return { tagId, ownerId: ownerId || null };
  }

  /** A group of the caller's workspace, or null; anything else is a field error. */
  private async groupId(user: AuthUser, v: unknown): Promise<string | null> {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || !/^[0-9a-f-]{36}$/i.test(v)) throw badInput('Choose a group of this workspace', { field: 'groupId' });
    const [g] = await this.db.query(`SELECT id FROM operator_groups WHERE id = $1 AND workspace_id = $2`, [v, user.workspaceId]);
    if (!g) throw badInput('That group does not exist (any more): choose another', { field: 'groupId' });
    return g.id as string;
  }

  private name(v: unknown): string {
    const name = typeof v === 'string' ? v.trim() : '';
    if (!name || name.length > 100) throw badInput('A channel needs a name of 1 to 100 characters', { field: 'name' });
    return name;
  }

  private json(v: unknown): Record<string, unknown> {
    if (typeof v !== 'string' || v.length > MAX_SETTINGS_JSON) throw badInput(`settings must be a JSON object of at most ${MAX_SETTINGS_JSON / 1024} KB`, { field: 'settings' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw badInput('settings is not valid JSON', { field: 'settings' });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badInput('settings must be a JSON object', { field: 'settings' });
    return parsed as Record<string, unknown>;
  }

  private validate(adapter: ChannelAdapter, raw: Record<string, unknown>): Record<string, unknown> {
    const r = adapter.validateSettings(raw);
    if ('errors' in r) throw badInput(r.errors.map((e) => `${e.field}: ${e.message}`).join('; '), { field: r.errors[0]?.field ?? 'settings', fieldErrors: r.errors });
    return r.settings as Record<string, unknown>;
  }

  private secretPaths(adapter: ChannelAdapter): string[] {
    return (adapter.settingsFields ?? []).filter((f) => f.type === 'secret').map((f) => f.key);
  }

  private opened(channel: ChannelEntity): ChannelEntity {
    return Object.assign(new ChannelEntity(), channel, { settings: this.secrets.open(channel.settings) });
  }

  private webhookUrl(channel: ChannelEntity, adapter: ChannelAdapter): string | null {
    if (typeof adapter.handleWebhook !== 'function') return null;
    return `${this.config.publicUrl ?? `http://localhost:${this.config.port}`}/api/channels/${channel.id}/webhook`;
  }

  private async view(channel: ChannelEntity): Promise<ChannelAdminViewObject> {
    const adapter = this.registry.has(channel.type) ? this.registry.get(channel.type) : null;
    const { settings, secretsSet } = this.secrets.redact(channel.settings, adapter ? this.secretPaths(adapter) : []);
    const acquisition = coreAcquisitionOf(channel.settings);
    const tagName = acquisition.tagId ? ((await this.db.query(`SELECT name FROM tags WHERE id = $1 AND workspace_id = $2`, [acquisition.tagId, channel.workspaceId]))[0]?.name ?? null) : null;
    return {
      channel,
      settings: JSON.stringify(withoutCoreKeys(settings)),
      secretsSet,
      webhookUrl: adapter ? this.webhookUrl(channel, adapter) : null,
      groupId: routingGroupOf(channel.settings),
      acquisitionTag: tagName,
      acquisitionOwnerId: acquisition.ownerId,
      details: adapter?.adminDetails ? await adapter.adminDetails(channel) : [],
    };
  }

  /**
   * Drops cached copies and lets the adapter act on the saved settings (setWebhook; deleteWebhook
   * when it was just switched off); its error reaches the admin.
   */
  private async afterSave(saved: ChannelEntity, deactivated = false): Promise<ChannelAdminViewObject> {
    this.loader.forget(saved.id);
    await this.announce(saved);
    const adapter = this.registry.get(saved.type);
    const url = this.webhookUrl(saved, adapter);
    if (adapter.onChannelSaved && saved.active) {
      try {
        await adapter.onChannelSaved(this.opened(saved), url ?? '');
      } catch (e) {
        throw new DomainException(ErrorCode.BadUserInput, `Saved, but the provider refused the connection: ${(e as Error).message}`, { field: 'settings', saved: true, channelId: saved.id });
      }
    }
    if (deactivated) await this.removed(saved, 'Saved');
    return this.view(saved);
  }

  /** Other admins' channel lists follow (the `channelUpdated` subscription; settings stay sealed and are not part of it). */
  private announce(c: Pick<ChannelEntity, 'id' | 'workspaceId' | 'name' | 'type' | 'publicKey' | 'active'>): Promise<void> {
    return this.bus.publish(Topics.channels(c.workspaceId), { id: c.id, workspaceId: c.workspaceId, name: c.name, type: c.type, publicKey: c.publicKey, active: c.active, settings: {} });
  }

  /** Tells the adapter the channel no longer takes messages (switched off, deleted); its error reaches the admin, the change stays. */
  private async removed(channel: ChannelEntity, done: 'Saved' | 'Deleted'): Promise<void> {
    const adapter = this.registry.has(channel.type) ? this.registry.get(channel.type) : null;
    if (!adapter?.onChannelRemoved) return;
    try {
      await adapter.onChannelRemoved(this.opened(channel));
    } catch (e) {
      throw new DomainException(ErrorCode.BadUserInput, `${done}, but the provider could not be disconnected: ${(e as Error).message}`, { field: 'active', saved: true, channelId: channel.id });
    }
  }

  private async actorName(user: AuthUser): Promise<string> {
    return (await this.identity.findOperator(user.workspaceId, user.operatorId)).displayName;
  }
}

function withAcquisition(settings: Record<string, unknown>, a: { tagId: string | null; ownerId: string | null }): Record<string, unknown> {
  const out = { ...settings };
  if (a.tagId) out[ACQUISITION_TAG_KEY] = a.tagId;
  else delete out[ACQUISITION_TAG_KEY];
  if (a.ownerId) out[ACQUISITION_OWNER_KEY] = a.ownerId;
  else delete out[ACQUISITION_OWNER_KEY];
  return out;
}

function withRoutingGroup(settings: Record<string, unknown>, groupId: string | null): Record<string, unknown> {
  const out = { ...settings };
  if (groupId) out[ROUTING_GROUP_KEY] = groupId;
  else delete out[ROUTING_GROUP_KEY];
  return out;
}

const pathOf = (o: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
