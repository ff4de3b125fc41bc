import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelsService } from '@parley/api/channels/core';
import { IdentityService } from '@parley/api/identity';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, isUuid, notFound } from '@parley/api/platform/graphql';
import { BOT_SCENARIOS_MAX, BotScenarioDefinition, ErrorCode, normalizeBotScenario, validateBotScenario } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SaveBotScenarioInput } from './bot-scenario.dto';
import { BotScenarioEntity } from './bot-scenario.entity';

/**
 * SPEC D2: the workspace's bot scenarios. Writes are for admins and supervisors (the resolver's
 * @Roles), validated with the rules the editor shows, and audited.
 */
@Injectable()
export class BotScenariosService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly channels: ChannelsService,
    private readonly identity: IdentityService,
  ) {}

  list(workspaceId: string): Promise<BotScenarioEntity[]> {
    return this.db.getRepository(BotScenarioEntity).find({ where: { workspaceId }, order: { name: 'ASC', id: 'ASC' }, take: BOT_SCENARIOS_MAX });
  }

  /** The workspace's scenario, or null (also for malformed ids and other workspaces' scenarios). */
  find(workspaceId: string, id: unknown, m: EntityManager = this.db.manager): Promise<BotScenarioEntity | null> {
    if (typeof id !== 'string' || !isUuid(id)) return Promise.resolve(null);
    return m.getRepository(BotScenarioEntity).findOne({ where: { id, workspaceId } });
  }

  async save(user: AuthUser, input: SaveBotScenarioInput): Promise<BotScenarioEntity> {
    const definition = { startStepId: input.startStepId, closingMessage: input.closingMessage, steps: input.steps } as BotScenarioDefinition;
    const errors = validateBotScenario(input.name, definition);
    if (errors.length) throw badInput(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { field: errors[0].field, fieldErrors: errors });
    const fields = { name: input.name.trim(), definition: normalizeBotScenario(definition) };
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(BotScenarioEntity);
      let saved: BotScenarioEntity;
      if (input.id) {
        const before = await this.find(user.workspaceId, input.id, m);
        if (!before) throw notFound('Bot scenario');
        saved = await repo.save(Object.assign(before, fields));
      } else {
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM bot_scenarios WHERE workspace_id = $1`, [user.workspaceId]);
        if (n >= BOT_SCENARIOS_MAX) throw badInput(`At most ${BOT_SCENARIOS_MAX} scenarios`, { field: 'name' });
        saved = await repo.save(repo.create({ workspaceId: user.workspaceId, ...fields }));
      }
      await this.record(m, user, input.id ? AuditAction.botScenarioUpdated : AuditAction.botScenarioCreated, saved);
      return saved;
    });
  }

  /** Refused (CONFLICT) while a channel's switched-on bot runs it. */
  async delete(user: AuthUser, id: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const before = await this.find(user.workspaceId, id, m);
      if (!before) throw notFound('Bot scenario');
      const users = await this.channels.namesWithSettings(user.workspaceId, { botScenarioId: id, botEnabled: 'true' }, m);
      if (users.length) throw new DomainException(ErrorCode.Conflict, `The bot of channel "${users[0]}" runs this scenario; switch it off or choose another scenario first`);
      await m.delete(BotScenarioEntity, { id, workspaceId: user.workspaceId });
      await this.record(m, user, AuditAction.botScenarioDeleted, before);
      return true;
    });
  }

  private async record(m: EntityManager, user: AuthUser, action: AuditAction, s: BotScenarioEntity): Promise<void> {
    const [actor] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    await this.audit.record(
      { workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.displayName ?? null, action, targetType: 'bot_scenario', targetId: s.id, details: { name: s.name, steps: s.definition.steps.length } },
      m,
    );
  }
}
