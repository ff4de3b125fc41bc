import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelsService } from '@parley/api/channels/core';
import { AssignmentService, ConversationEntity, conversationSnapshot, ConversationsService, InboxEventKind, mapConversationRow } from '@parley/api/conversations';
import { DomainException } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { BOT_AUTHOR_NAME, BotButtonAction, BotFrame, BotStep, ConversationStatus, ErrorCode, MAX_CLIENT_ID_LENGTH, MessageAuthorType } from '@parley/shared/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { VisitorConversations } from '../visitor-conversations';
import { readWebchatSettings } from '../webchat-settings';
import { BotScenarioEntity } from './bot-scenario.entity';
import { BotScenariosService } from './bot-scenarios.service';
import { WEBCHAT_KIND } from '../webchat.adapter';

/** Published on Topics.conversation(id) after the bot spoke or stopped: the visitor's sockets send it as a `bot` frame. */
export interface BotTopicEvent {
  kind: 'bot';
  bot: Omit<BotFrame, 'type'>;
}

export function isBotEvent(e: { kind: string }): e is BotTopicEvent {
  return e.kind === 'bot';
}

/** Chats the idle sweep closes per statement. */
const IDLE_BATCH = 200;

const noButtons = (conversationId: string, canRestart: boolean): Omit<BotFrame, 'type'> => ({ conversationId, stepId: null, buttons: [], canRestart });

/**
 * SPEC C9/D2: the bot at run time. While a conversation's status is `bot` the scenario talks with
 * the visitor: it is not in the queue and not auto-assigned. The visitor's answer must be a button
 * of the step the conversation waits at (checked under a row lock, so two tabs cannot both answer).
 * "Talk to an operator" and a typed message hand the chat over to the queue (routing as for any new
 * chat); an end step or a close button sends the closing message and closes. An operator who takes
 * or answers the chat stops the bot (the status leaves `bot`). Switching the channel's bot off
 * affects new conversations only.
 */
@Injectable()
export class BotRuntimeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly channels: ChannelsService,
    private readonly conversations: ConversationsService,
    private readonly scenarios: BotScenariosService,
    private readonly assignment: AssignmentService,
    private readonly visitorConversations: VisitorConversations,
  ) {}

  /** The scenario the channel's bot runs now, or null when its bot is off (or the scenario is gone). */
  async channelScenario(workspaceId: string, channelId: string): Promise<BotScenarioEntity | null> {
    const channel = await this.channels.findById(workspaceId, channelId);
    if (!channel || channel.type !== WEBCHAT_KIND) return null;
    const s = readWebchatSettings(channel.settings ?? {});
    return s.botEnabled && s.botScenarioId ? this.scenarios.find(workspaceId, s.botScenarioId) : null;
  }

  /**
   * `bot_start`: a visitor without a conversation (or, with `restart`, with a closed one) opened
   * the window: the conversation starts in status `bot` with the start step's message. Returns the
   * conversation id the visitor has afterwards (null when the bot is off and there is none).
   * `beforeStart` runs (and may throw, e.g. RATE_LIMITED) only when a new conversation would start:
   * the gateway takes from the same per-IP and per-channel new-conversation buckets as a first message.
   */
  async start(
    visitorId: string,
    workspaceId: string,
    channelId: string,
    groupId: string | null,
    restart: boolean,
    beforeStart?: (channelId: string) => Promise<void>,
  ): Promise<string | null> {
    const scenario = await this.channelScenario(workspaceId, channelId);
    // with the bot off nothing starts: the visitor keeps what they have
    if (!scenario) return this.currentConversationId(visitorId, workspaceId);
    let run = false;
    const { conversationId } = await this.visitorConversations.open(visitorId, workspaceId, {
      groupId,
      beforeStart: beforeStart ? (channel) => beforeStart(channel.id) : undefined,
      current: async (m, v) => {
        if (v.conversationId && restart && v.status === ConversationStatus.closed) {
          await this.enterBot(m, v.conversationId, workspaceId, scenario);
          run = true;
        }
        return { conversationId: v.conversationId, contactId: v.contactId, channel: v.channel };
      },
      onStart: async (m, c) => {
        await this.enterBot(m, c.conversationId, workspaceId, scenario);
        run = true;
      },
    });
    if (run) await this.say(workspaceId, conversationId, scenario, scenario.definition.startStepId);
    return conversationId;
  }

  /** The visitor's conversation (none when it was deleted from the history). */
  private async currentConversationId(visitorId: string, workspaceId: string): Promise<string | null> {
    const [v] = await this.db.query(
      `SELECT c.id AS conversation_id FROM visitors v
       LEFT JOIN conversations c ON c.id = v.conversation_id AND c.deleted_at IS NULL
       WHERE v.id = $1 AND v.workspace_id = $2`,
      [visitorId, workspaceId],
    );
    if (!v) throw new DomainException(ErrorCode.NotFound, 'Visitor not found');
    return (v.conversation_id as string | null) ?? null;
  }

  private enterBot(m: EntityManager, conversationId: string, workspaceId: string, scenario: BotScenarioEntity): Promise<unknown> {
    return m.query(
      `UPDATE conversations SET status = 'bot', bot_scenario_id = $3, bot_step_id = $4, assignee_id = NULL, closed_at = NULL, updated_at = now()
       WHERE id = $1 AND workspace_id = $2`,
      [conversationId, workspaceId, scenario.id, scenario.definition.startStepId],
    );
  }

  /**
   * `bot_answer`: the visitor clicked `buttonId` of step `stepId`. Stored as the visitor's message
   * (the button's label), then the bot goes on, hands over or closes.
   */
  async answer(visitorId: string, workspaceId: string, conversationId: string | null | undefined, frame: Record<string, unknown>): Promise<'applied' | 'repeated'> {
    const { clientId, stepId, buttonId } = frame;
    if (typeof clientId !== 'string' || !clientId || clientId.length > MAX_CLIENT_ID_LENGTH) throw new DomainException(ErrorCode.BadFrame, `clientId must be a string of 1 to ${MAX_CLIENT_ID_LENGTH} characters`);
    if (typeof stepId !== 'string' || typeof buttonId !== 'string' || stepId.length > 64 || buttonId.length > 64) throw new DomainException(ErrorCode.BadFrame, 'bot_answer needs stepId and buttonId');
    if (!conversationId) throw new DomainException(ErrorCode.BotNotActive, 'The bot is not talking in this chat');
    const decided = await this.db.transaction(async (m) => {
      const [c] = await m.query(
        `SELECT status, bot_step_id, bot_scenario_id FROM conversations WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL FOR UPDATE`,
        [conversationId, workspaceId],
      );
      // a widget that reconnected sends an unacknowledged answer again (same clientId): it was applied
      const [repeat] = await m.query(
        `SELECT 1 FROM messages WHERE conversation_id = $1 AND workspace_id = $2 AND client_id = $3 AND author_type = 'visitor' AND author_id = $4`,
        [conversationId, workspaceId, clientId, visitorId],
      );
      if (c && repeat) return null;
      if (!c || c.status !== ConversationStatus.bot) throw new DomainException(ErrorCode.BotNotActive, 'The bot no longer handles this chat; write your message instead');
      if (c.bot_step_id !== stepId) throw new DomainException(ErrorCode.BotStaleAnswer, 'This answer is no longer offered');
      const scenario = await this.scenarios.find(workspaceId, c.bot_scenario_id, m);
      const step = scenario?.definition.steps.find((s) => s.id === stepId);
      const button = step?.buttons.find((b) => b.id === buttonId);
      if (!scenario || !step) {
        // the scenario was deleted or edited meanwhile: a person takes over
        await m.query(`UPDATE conversations SET status = 'queued', bot_step_id = NULL, updated_at = now() WHERE id = $1`, [conversationId]);
        return { scenario: null, label: null, action: BotButtonAction.operator, target: null };
      }
      if (!button) throw new DomainException(ErrorCode.BotStaleAnswer, 'This answer is no longer offered');
      // updated_at: the answer is activity (the idle sweep, between this and the message, leaves it alone)
      if (button.action === BotButtonAction.step) await m.query(`UPDATE conversations SET bot_step_id = $2, updated_at = now() WHERE id = $1`, [conversationId, button.targetStepId]);
      else if (button.action === BotButtonAction.operator) await m.query(`UPDATE conversations SET status = 'queued', bot_step_id = NULL, updated_at = now() WHERE id = $1`, [conversationId]);
      else await m.query(`UPDATE conversations SET bot_step_id = NULL, updated_at = now() WHERE id = $1`, [conversationId]);
      return { scenario, label: button.label, action: button.action, target: button.targetStepId ?? null };
    });
    if (!decided) return 'repeated';
    if (decided.label !== null) {
      await this.conversations.appendMessage({ workspaceId, conversationId, clientId, authorType: MessageAuthorType.visitor, authorId: visitorId, authorName: null, body: decided.label });
    }
    if (decided.action === BotButtonAction.step && decided.scenario && decided.target) await this.say(workspaceId, conversationId, decided.scenario, decided.target);
    else if (decided.action === BotButtonAction.operator) await this.afterHandOver(workspaceId, conversationId, ConversationStatus.bot);
    else if (decided.scenario) await this.finish(workspaceId, conversationId, decided.scenario);
    return 'applied';
  }

  /**
   * The sweep: chats waiting at a bot step with no new message (and no change) since `before` are
   * closed, in batches of `batchSize` (SKIP LOCKED: an answer or a take in progress wins). Only
   * status `bot`: a chat an operator took or that was handed over is never touched. Returns how many.
   */
  async closeIdle(before: Date, batchSize = IDLE_BATCH, maxBatches = 20): Promise<number> {
    let total = 0;
    const scenarioOn = new Map<string, boolean>();
    for (let i = 0; i < maxBatches; i++) {
      const [rows] = (await this.db.query(
        `WITH idle AS (
           SELECT id FROM conversations
           WHERE status = 'bot' AND deleted_at IS NULL AND assignee_id IS NULL AND last_message_at < $1 AND updated_at < $1
           ORDER BY last_message_at LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE conversations c SET status = 'closed', bot_step_id = NULL, closed_at = now(), updated_at = now()
         FROM idle WHERE c.id = idle.id RETURNING c.*`,
        [before, batchSize],
      )) as [Array<Record<string, unknown>>, number];
      for (const row of rows) {
        const id = row['id'] as string;
        const workspaceId = row['workspace_id'] as string;
        const channelId = row['channel_id'] as string;
        const key = `${workspaceId}:${channelId}`;
        if (!scenarioOn.has(key)) scenarioOn.set(key, !!(await this.channelScenario(workspaceId, channelId)));
        await this.publishUpdated(row, ConversationStatus.bot);
        // like the bot's own close: the widget offers "start again" while the channel's bot is on
        await this.publishBot(id, noButtons(id, scenarioOn.get(key) === true));
      }
      total += rows.length;
      if (rows.length < batchSize) break;
    }
    return total;
  }

  /** A typed message while the bot waits: a person takes over (the message goes to the queue with the chat). */
  async handOver(workspaceId: string, conversationId: string): Promise<boolean> {
    const [rows] = await this.db.query(
      `UPDATE conversations SET status = 'queued', bot_step_id = NULL, updated_at = now()
       WHERE id = $1 AND workspace_id = $2 AND status = 'bot' AND deleted_at IS NULL RETURNING id`,
      [conversationId, workspaceId],
    );
    if (!rows.length) return false;
    await this.afterHandOver(workspaceId, conversationId, ConversationStatus.bot);
    return true;
  }

  /**
   * What a (re)connecting widget shows: the buttons of the step the conversation waits at, or
   * "start again" after a closed conversation while the channel's bot is on. Null: nothing to show.
   */
  async stateOf(workspaceId: string, conversationId: string, channelId: string, known?: Pick<ConversationEntity, 'id' | 'status' | 'botStepId' | 'botScenarioId'>): Promise<Omit<BotFrame, 'type'> | null> {
    const c = known?.id === conversationId ? known : await this.db.getRepository(ConversationEntity).findOne({ where: { id: conversationId, workspaceId } });
    if (!c) return null;
    if (c.status === ConversationStatus.bot && c.botStepId) {
      const scenario = await this.scenarios.find(workspaceId, c.botScenarioId);
      const step = scenario?.definition.steps.find((s) => s.id === c.botStepId);
      return step ? this.frameOf(conversationId, step) : null;
    }
    if (c.status === ConversationStatus.closed && (await this.channelScenario(workspaceId, channelId))) return noButtons(conversationId, true);
    return null;
  }

  private frameOf(conversationId: string, step: BotStep): Omit<BotFrame, 'type'> {
    return { conversationId, stepId: step.id, buttons: step.buttons.map((b) => ({ id: b.id, label: b.label })), canRestart: false };
  }

  /** The bot writes the step's message; a step without buttons ends the scenario. */
  private async say(workspaceId: string, conversationId: string, scenario: BotScenarioEntity, stepId: string): Promise<void> {
    const step = scenario.definition.steps.find((s) => s.id === stepId);
    if (!step) return void (await this.handOver(workspaceId, conversationId));
    await this.write(workspaceId, conversationId, step.message);
    if (!step.buttons.length) return this.finish(workspaceId, conversationId, scenario);
    await this.publishBot(conversationId, this.frameOf(conversationId, step));
  }

  /** The closing message (when the scenario has one), then the chat closes; the widget offers "start again". */
  private async finish(workspaceId: string, conversationId: string, scenario: BotScenarioEntity): Promise<void> {
    if (scenario.definition.closingMessage) await this.write(workspaceId, conversationId, scenario.definition.closingMessage);
    const [rows] = await this.db.query(
      `UPDATE conversations SET status = 'closed', bot_step_id = NULL, closed_at = now(), updated_at = now()
       WHERE id = $1 AND workspace_id = $2 AND status = 'bot' RETURNING *`,
      [conversationId, workspaceId],
    );
    if (rows.length) await this.publishUpdated(rows[0], ConversationStatus.bot);
    await this.publishBot(conversationId, noButtons(conversationId, true));
  }

  private async afterHandOver(workspaceId: string, conversationId: string, previousStatus: ConversationStatus): Promise<void> {
    const [row] = await this.db.query(`SELECT * FROM conversations WHERE id = $1 AND workspace_id = $2`, [conversationId, workspaceId]);
    if (row) await this.publishUpdated(row, previousStatus);
    await this.publishBot(conversationId, noButtons(conversationId, false));
    await this.assignment.assignIfEnabled(workspaceId, conversationId);
  }

  private async write(workspaceId: string, conversationId: string, body: string): Promise<void> {
    await this.conversations.appendMessage({ workspaceId, conversationId, clientId: `bot-${randomUUID()}`, authorType: MessageAuthorType.system, authorId: null, authorName: BOT_AUTHOR_NAME, body });
  }

  private publishUpdated(row: Record<string, unknown>, previousStatus: ConversationStatus): Promise<void> {
    const after = this.db.getRepository(ConversationEntity).create(mapConversationRow(row));
    return this.conversations.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(after), message: null, previousStatus, previousAssigneeId: after.assigneeId });
  }

  private publishBot(conversationId: string, bot: Omit<BotFrame, 'type'>): Promise<void> {
    return this.bus.publish<BotTopicEvent>(Topics.conversation(conversationId), { kind: 'bot', bot });
  }
}
