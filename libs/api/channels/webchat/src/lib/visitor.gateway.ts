import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AttachmentsService,
  AvailabilityService,
  ConversationActivityEvent,
  ConversationActivityKind,
  ConversationLiveService,
  ConversationEntity,
  ConversationTopicEvent,
  InboxEventKind,
  isActivityEvent,
  isParticipantEvent,
  MessageEntity,
  MessageSnapshot,
  messageSnapshot,
  ParticipantTopicEvent,
} from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { DomainException, isUnavailableError } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, SHARED_STATE, SharedState, Topics, WsUpgradeRouter } from '@parley/api/platform/realtime';
import {
  BotFrame,
  ConversationStatus,
  ErrorCode,
  ErrorFrame,
  MAX_CLIENT_ID_LENGTH,
  MessageAuthorType,
  MAX_VISITOR_FRAME_BYTES,
  VISITOR_CLOSE_SLOW_CONSUMER,
  VISITOR_MESSAGE_BURST,
  VISITOR_MESSAGES_PER_SECOND,
  VISITOR_SOCKET_PATH,
  VisitorMessage,
  VisitorServerFrame,
} from '@parley/shared/contracts';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { TokenBucket } from './token-bucket';
import { VisitorLimits } from './visitor-limits';
import { clientIp, parseUserAgent } from './client-info';
import { GeoIpService } from './geoip.service';
import { FEATURE_FRAME_TYPES, FeatureBuckets, handleFeatureFrame, newFeatureBuckets } from './visitor-feature-frames';
import { ConnectionInfo, VisitorFeaturesService } from './visitor-features.service';
import { VisitorTopicEvent, WebchatService } from './webchat.service';
import { OfflineFormService } from './mail/offline-form.service';
import type { ChannelTopicEvent } from './webchat-settings.service';
import { RoutingFeed, VisitorRoutingWatch } from './visitor-routing-watch';
import { visitorPresenceKey } from './visitor-presence';
import { BotRuntimeService, BotTopicEvent, isBotEvent } from './bot/bot-runtime.service';

/** Frames one visitor socket may have waiting to be handled. */
const MAX_PENDING_FRAMES = 50;

interface SocketState {
  visitorId?: string;
  workspaceId?: string;
  conversationId?: string | null;
  helloPending: boolean;
  unsubscribe: Array<() => void>;
  alive: boolean;
  /** Frames of one socket are handled one after another, so messages keep the order they were sent in. */
  chain: Promise<void>;
  /** Frames received and not yet handled: bounded, so a flood cannot queue up without limit. */
  pending: number;
  /** Typing frames with a draft (the widget sends one per ~1.5 s; this absorbs bursts). */
  typingBucket: TokenBucket;
  /** Read reports (the widget sends one per new message seen). */
  readBucket: TokenBucket;
  /** The last typing frame said active: a dropped socket publishes the stop. */
  typing: boolean;
  /**
   * clientIds this socket sent whose echo on the conversation topic has not come back yet: the
   * ack already carries the message, so the echo is not sent to this socket again (the visitor's
   * other tabs still get it). Created on the first send; bounded by OWN_ECHOES_MAX.
   */
  ownEchoes?: Set<string>;
  channelId?: string;
  /** IP-derived location and User-Agent (widget extras, visits). */
  conn: ConnectionInfo;
  ip: string | null;
  featureBuckets: FeatureBuckets;
  /** SPEC B3: the group a chat started from this page goes to. */
  groupId?: string | null;
  /** SPEC B4–B6: availability and queue position frames. */
  routing?: VisitorRoutingWatch;
  /** SPEC C7: the presence this socket holds (released when it closes). */
  presence?: string;
  /** SPEC D2: answer buttons are shown in the widget (cleared when an operator takes over). */
  botWaiting: boolean;
  /** The last bot frame sent: the same state reaches a socket both live and on follow, sent once. */
  lastBot?: string;
  /** Message seqs this socket has (see firstSend): a replay and live events never send one twice. */
  seen: SeenSeqs;
  /** Highest message seq sent to this socket: after a bus gap (Redis was lost) it gets what followed. */
  sentSeq?: number;
}

/** The visitor's copy of a message: the wire shape without the author's id (operators' ids stay inside). */
const snapshotOf = (m: MessageEntity | MessageSnapshot): VisitorMessage => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { authorId, ...message } = m instanceof MessageEntity ? messageSnapshot(m) : m;
  return message;
};

/**
 * The widget's WebSocket endpoint (`/ws/visitor`). It authenticates the visitor, relays frames to
 * WebchatService and fans conversation events out to every tab of the visitor. It holds no state
 * that matters beyond the socket: the database is the source of truth and a reconnecting widget
 * gets what it missed by `lastSeq`.
 */
@Injectable()
export class VisitorGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VisitorGateway.name);
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly router: WsUpgradeRouter,
    private readonly webchat: WebchatService,
    private readonly config: AppConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly live: ConversationLiveService,
    private readonly offlineForm: OfflineFormService,
    private readonly features: VisitorFeaturesService,
    private readonly geo: GeoIpService,
    private readonly files: AttachmentsService,
    private readonly availability: AvailabilityService,
    private readonly routingFeed: RoutingFeed,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly bot: BotRuntimeService,
    private readonly limits: VisitorLimits,
  ) {}

  /** A message as the visitor gets it: attachment links signed for their conversation (SPEC A9). */
  private toVisitorMessage(m: MessageEntity | MessageSnapshot): VisitorMessage {
    const message = snapshotOf(m);
    if (!message.attachments?.length) return message;
    return { ...message, attachments: this.files.withUrls(message.attachments, `c:${message.conversationId}`) };
  }

  onApplicationBootstrap(): void {
    if (this.config.mode !== 'api') return;
    const wss = this.router.register(VISITOR_SOCKET_PATH, { maxPayload: MAX_VISITOR_FRAME_BYTES, perMessageDeflate: false });
    wss.on('connection', (ws: WebSocket, req: IncomingMessage) => this.onConnection(ws, req));
    this.heartbeat = setInterval(() => {
      for (const ws of this.sockets) {
        const s = (ws as WebSocket & { parley?: SocketState }).parley;
        if (s && !s.alive) {
          ws.terminate();
          continue;
        }
        if (s) s.alive = false;
        ws.ping();
      }
    }, 30_000);
    this.heartbeat.unref();
    this.offGap = this.bus.onGap(() => this.replayAfterGap());
  }

  private offGap: (() => void) | undefined;

  /** The event bus lost events (a Redis outage): every socket gets the messages stored since the last it was sent. */
  private replayAfterGap(): void {
    for (const ws of this.sockets) {
      const s = (ws as WebSocket & { parley?: SocketState }).parley;
      if (!s?.workspaceId || !s.conversationId) continue;
      const conversationId = s.conversationId;
      void this.webchat
        .replay(s.workspaceId, conversationId, s.sentSeq ?? 0)
        .then(({ missed, resync }) => {
          if (s.conversationId !== conversationId) return;
          if (resync && missed.length) this.send(ws, { type: 'resync', conversationId, fromSeq: missed[0].seq, lastSeq: missed[missed.length - 1].seq });
          for (const m of missed) if (firstSend(s.seen, m.seq)) this.send(ws, { type: 'message', message: this.toVisitorMessage(m) });
        })
        .catch((e) => this.logger.warn(`replay after a bus gap failed: ${(e as Error)?.message ?? e}`));
    }
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.offGap?.();
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const state: SocketState = {
      helloPending: false,
      unsubscribe: [],
      alive: true,
      chain: Promise.resolve(),
      pending: 0,
      typingBucket: new TokenBucket(2, 4),
      readBucket: new TokenBucket(VISITOR_MESSAGES_PER_SECOND, VISITOR_MESSAGE_BURST),
      typing: false,
      conn: { ua: parseUserAgent(req.headers['user-agent']), geo: null },
      ip: clientIp(req, this.config.trustProxy),
      featureBuckets: newFeatureBuckets(),
      botWaiting: false,
      seen: { floor: 0, above: new Set() },
    };
    (ws as WebSocket & { parley?: SocketState }).parley = state;
    this.sockets.add(ws);
    ws.on('pong', () => (state.alive = true));
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      // limits apply when a frame arrives, not when its turn comes: a backlog must not hide a flood
      const refusal = this.admit(state, data, isBinary);
      if (refusal && !(refusal instanceof Promise)) return this.send(ws, refusal);
      state.pending++;
      state.chain = state.chain
        .then(async () => {
          const refused = await refusal;
          return refused ? this.send(ws, refused) : this.onFrame(ws, state, data, isBinary);
        })
        .catch((e) => this.fail(ws, e, data))
        .finally(() => state.pending--);
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (state.presence) this.shared.release(state.presence);
      state.presence = undefined;
      state.unsubscribe.forEach((off) => off());
      state.unsubscribe = [];
      state.routing?.stop();
      if (state.typing && state.workspaceId && state.conversationId) {
        state.typing = false;
        void this.live.visitorTyping(state.workspaceId, state.conversationId, false, null).catch(() => undefined);
      }
    });
    ws.on('error', () => ws.terminate());
  }

  /**
   * Rate limits at arrival: a `send` takes a token from the visitor's and the IP's shared buckets
   * now (so sends queued behind a slow database are still counted, and all sockets and API
   * processes share one limit), and no socket may have more than MAX_PENDING_FRAMES waiting.
   * Returns the error frame to answer with (a promise of it for the shared limits), or null.
   */
  private admit(state: SocketState, data: WebSocket.RawData, isBinary: boolean): ErrorFrame | null | Promise<ErrorFrame | null> {
    let clientId: string | undefined;
    let isSend = false;
    if (!isBinary) {
      try {
        const frame = JSON.parse(data.toString()) as Record<string, unknown> | null;
        isSend = frame?.['type'] === 'send' || frame?.['type'] === 'bot_answer';
        clientId = typeof frame?.['clientId'] === 'string' ? (frame['clientId'] as string).slice(0, MAX_CLIENT_ID_LENGTH) : undefined;
      } catch {
        // malformed frames are answered in order by onFrame
      }
    }
    const limited = (message: string): ErrorFrame => ({ type: 'error', code: ErrorCode.RateLimited, message, ...(clientId ? { clientId } : {}) });
    if (state.pending >= MAX_PENDING_FRAMES) return limited('Too many messages at once. Please wait a moment.');
    if (!isSend) return null;
    return this.limits.message(state.visitorId, state.ip).then((r) => (r ? { ...limited(r.message), retryAfterMs: r.retryAfterMs } : null));
  }

  private async onFrame(ws: WebSocket, state: SocketState, data: WebSocket.RawData, isBinary: boolean): Promise<void> {
    if (isBinary) throw new DomainException(ErrorCode.BadFrame, 'Frames must be JSON text');
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      throw new DomainException(ErrorCode.BadFrame, 'Frames must be JSON');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) throw new DomainException(ErrorCode.BadFrame, 'Frames must be JSON objects');
    switch (frame['type']) {
      case 'hello':
        return this.onHello(ws, state, frame);
      case 'send':
        return this.onSend(ws, state, frame);
      case 'typing':
        return this.onTyping(state, frame);
      case 'read':
        return this.onRead(state, frame);
      case 'edit':
        return this.onEdit(ws, state, frame);
      case 'offline_form':
        return this.onOfflineForm(ws, state, frame);
      case 'bot_start':
        return this.onBotStart(ws, state, frame);
      case 'bot_answer':
        return this.onBotAnswer(ws, state, frame);
      default:
        if (FEATURE_FRAME_TYPES.includes(frame['type'] as string)) return this.onFeature(ws, state, frame);
        throw new DomainException(ErrorCode.BadFrame, `Unknown frame type`);
    }
  }

  private async onHello(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    if (state.visitorId || state.helloPending) throw new DomainException(ErrorCode.BadFrame, 'hello was already sent');
    state.helloPending = true;
    const page = frame['page'] as { url?: unknown } | undefined;
    const pageUrl = typeof page?.url === 'string' ? page.url.slice(0, 2000) : null;
    let session;
    try {
      session = await this.webchat.hello(frame['channelKey'], frame['visitorToken'], pageUrl, frame['group'], () => this.limits.newVisitor(state.ip));
    } catch (e) {
      state.helloPending = false;
      if (e instanceof DomainException && (e.code === ErrorCode.UnknownChannel || e.code === ErrorCode.ChannelInactive)) {
        this.send(ws, { type: 'error', code: e.code, message: e.message });
        ws.close(4404, e.code);
        return;
      }
      throw e;
    }
    state.visitorId = session.visitor.id;
    if (ws.readyState === WebSocket.OPEN && !state.presence) {
      state.presence = visitorPresenceKey(session.visitor.id);
      this.shared.hold(state.presence);
    }
    state.workspaceId = session.channel.workspaceId;
    state.channelId = session.channel.id;
    state.conn.geo = this.geo.lookup(state.ip);
    state.helloPending = false;
    const conversation = session.conversation;
    state.groupId = session.groupId;
    const routing = new VisitorRoutingWatch(this.routingFeed, this.availability, session.channel.workspaceId, session.groupId, (f) => this.send(ws, f));
    state.routing?.stop();
    state.routing = routing;
    const available = await routing.start(conversation);
    // subscribe before replaying, so nothing published in between is missed (the widget dedupes by id)
    state.unsubscribe.push(
      await this.bus.subscribe<VisitorTopicEvent>(Topics.visitor(session.visitor.id), (e) => {
        if (e.kind === 'conversation_started' && state.conversationId !== e.conversationId) {
          void this.follow(ws, state, e.conversationId, 0).catch((err) => this.fail(ws, err));
        }
      }),
    );
    // an admin saved the channel: new settings, or the chat was switched off
    state.unsubscribe.push(
      await this.bus.subscribe<ChannelTopicEvent>(Topics.channel(session.channel.id), (e) => {
        if (e.kind === 'settings') this.send(ws, { type: 'settings', settings: e.settings });
        else if (e.kind === 'inactive') {
          this.send(ws, { type: 'error', code: ErrorCode.ChannelInactive, message: 'This chat is not available right now' });
          ws.close(4404, ErrorCode.ChannelInactive);
        }
      }),
    );
    this.send(ws, {
      type: 'welcome',
      visitorToken: session.token,
      conversationId: conversation?.id ?? null,
      lastSeq: conversation?.lastSeq ?? 0,
      settings: session.settings,
      operatorReadSeq: conversation?.operatorReadSeq ?? 0,
      available,
    });
    // country (display rules) and the pre-chat fields still unknown (SPEC C3, C4)
    this.send(ws, await this.features.visitorInfo({ visitorId: session.visitor.id, workspaceId: session.channel.workspaceId, channelId: session.channel.id }, state.conn));
    if (conversation) {
      const lastSeq = typeof frame['lastSeq'] === 'number' && Number.isInteger(frame['lastSeq']) && frame['lastSeq'] >= 0 ? frame['lastSeq'] : 0;
      await this.follow(ws, state, conversation.id, lastSeq, conversation);
    }
  }

  /**
   * Subscribes the socket to a conversation's events, then replays what it has not seen.
   * `known`: the conversation as hello just read it (spares the bot's lookup on every reconnect).
   */
  private async follow(ws: WebSocket, state: SocketState, conversationId: string, afterSeq: number, known?: ConversationEntity): Promise<void> {
    if (state.conversationId === conversationId) return;
    state.conversationId = conversationId;
    state.seen = { floor: afterSeq, above: new Set() };
    state.sentSeq = Math.max(state.sentSeq ?? 0, afterSeq);
    state.unsubscribe.push(
      await this.bus.subscribe<ConversationTopicEvent | ConversationActivityEvent | ParticipantTopicEvent | BotTopicEvent>(Topics.conversation(conversationId), (e) => {
        if (isBotEvent(e)) this.sendBot(ws, state, e.bot);
        else if (isActivityEvent(e)) this.onActivity(ws, e);
        else if (isParticipantEvent(e)) this.send(ws, { type: 'participant', event: e.event, name: e.name, avatarUrl: e.avatarUrl });
        else {
          if (e.joined) this.send(ws, { type: 'participant', event: 'joined', name: e.joined.name, avatarUrl: e.joined.avatarUrl });
          if (e.kind === InboxEventKind.message_created && e.message && !isOwnEcho(state, e.message.clientId) && firstSend(state.seen, e.message.seq)) {
            this.send(ws, { type: 'message', message: this.toVisitorMessage(e.message) });
          }
          // an operator took the chat over (or closed it) while the bot waited: the buttons go
          if (state.botWaiting && e.status && e.status !== ConversationStatus.bot) {
            this.sendBot(ws, state, { conversationId, stepId: null, buttons: [], canRestart: false });
          }
        }
      }),
    );
    const { missed, edited, resync } = await this.webchat.replay(state.workspaceId as string, conversationId, afterSeq);
    // too far behind for a replay: the widget drops its copy and takes the newest messages
    if (resync && missed.length) this.send(ws, { type: 'resync', conversationId, fromSeq: missed[0].seq, lastSeq: missed[missed.length - 1].seq });
    // live events subscribed above may already have sent some of these
    for (const m of missed) if (firstSend(state.seen, m.seq)) this.send(ws, { type: 'message', message: this.toVisitorMessage(m) });
    // messages the widget already has may have been edited meanwhile: send their current text
    for (const m of edited) this.send(ws, { type: 'message_edited', message: this.toVisitorMessage(m) });
    await state.routing?.follow({ id: conversationId, groupId: state.groupId ?? null });
    // SPEC D2: the buttons of the step the bot waits at, or "start again" after a close
    const bot = await this.bot.stateOf(state.workspaceId as string, conversationId, state.channelId as string, known);
    if (bot) this.sendBot(ws, state, bot);
  }

  /** `force`: even when this socket already has that frame (an answer repeated after a reconnect waits for one). */
  private sendBot(ws: WebSocket, state: SocketState, bot: Omit<BotFrame, 'type'>, force = false): void {
    const frame: BotFrame = { type: 'bot', ...bot };
    const key = JSON.stringify(frame);
    if (key === state.lastBot && !force) return;
    state.lastBot = key;
    state.botWaiting = bot.buttons.length > 0;
    this.send(ws, frame);
  }

  /** SPEC C9/D2: the visitor opened the window (or chose "start again"): the channel's bot starts, if it is on. */
  private async onBotStart(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    if (!state.visitorId || !state.workspaceId || !state.channelId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
    await this.limitMessage(state);
    const ip = state.ip;
    // a bot conversation is a new conversation too: the same per-IP and per-channel limit as a first message (RATE_LIMITED error frame)
    const conversationId = await this.bot.start(state.visitorId, state.workspaceId, state.channelId, state.groupId ?? null, frame['restart'] === true, (channelId) =>
      this.limits.newConversation(ip, channelId),
    );
    if (conversationId && state.conversationId !== conversationId) await this.follow(ws, state, conversationId, 0);
  }

  /** SPEC D2: an answer button; it must be one of the current step's (else BOT_STALE_ANSWER / BOT_NOT_ACTIVE), unless it repeats one applied (same clientId). */
  private async onBotAnswer(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const clientId = typeof frame['clientId'] === 'string' ? frame['clientId'].slice(0, MAX_CLIENT_ID_LENGTH) : undefined;
    try {
      if (!state.visitorId || !state.workspaceId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
      if ((await this.bot.answer(state.visitorId, state.workspaceId, state.conversationId, frame)) === 'repeated' && state.conversationId) {
        // the answer was applied before (a resend after a reconnect): the widget gets where the chat is now
        const bot = await this.bot.stateOf(state.workspaceId, state.conversationId, state.channelId as string);
        this.sendBot(ws, state, bot ?? { conversationId: state.conversationId, stepId: null, buttons: [], canRestart: false }, true);
      }
    } catch (e) {
      if (e instanceof DomainException) {
        this.send(ws, { type: 'error', code: e.code, message: e.message, frame: 'bot_answer', ...(clientId ? { clientId } : {}) });
        return;
      }
      throw e;
    }
  }

  /** Operator typing, read marks and edits, as visitor frames (the visitor's own typing is not echoed). */
  private onActivity(ws: WebSocket, e: ConversationActivityEvent): void {
    switch (e.kind) {
      case ConversationActivityKind.typing:
        if (e.typing && e.typing.authorType === MessageAuthorType.operator) this.send(ws, { type: 'typing', active: e.typing.active, name: e.typing.name });
        return;
      case ConversationActivityKind.read:
        this.send(ws, { type: 'read', operatorReadSeq: e.operatorReadSeq ?? 0, visitorReadSeq: e.visitorReadSeq ?? 0 });
        return;
      case ConversationActivityKind.message_edited:
        if (e.message) this.send(ws, { type: 'message_edited', message: this.toVisitorMessage(e.message) });
        return;
    }
  }

  /** Ephemeral: relayed through the bus, never stored. Before the first message there is no one to tell. */
  private async onTyping(state: SocketState, frame: Record<string, unknown>): Promise<void> {
    if (typeof frame['active'] !== 'boolean') throw new DomainException(ErrorCode.BadFrame, 'typing needs active: boolean');
    if (frame['draft'] !== undefined && typeof frame['draft'] !== 'string') throw new DomainException(ErrorCode.BadFrame, 'draft must be text');
    if (!state.visitorId || !state.workspaceId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
    if (!state.conversationId) return;
    const active = frame['active'];
    if (active && !state.typingBucket.take()) return; // too many: drop silently, the next one carries the newer draft
    if (!active && !state.typing) return; // nothing to stop: no work for repeated stops
    state.typing = active;
    await this.live.visitorTyping(state.workspaceId, state.conversationId, active, frame['draft']);
  }

  private async onRead(state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const seq = frame['seq'];
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw new DomainException(ErrorCode.BadFrame, 'read needs seq: a whole number ≥ 0');
    if (!state.visitorId || !state.workspaceId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
    if (!state.conversationId) {
      if (seq === 0) return;
      throw new DomainException(ErrorCode.BadUserInput, 'There are no messages to read yet');
    }
    if (!state.readBucket.take()) throw new DomainException(ErrorCode.RateLimited, 'Too many read reports');
    await this.live.markReadByVisitor(state.workspaceId, state.conversationId, seq);
  }

  private async onEdit(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const messageId = frame['messageId'];
    if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 64) throw new DomainException(ErrorCode.BadFrame, 'edit needs a messageId');
    try {
      if (!state.visitorId || !state.workspaceId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
      if (!state.conversationId) throw new DomainException(ErrorCode.NotFound, 'Message not found');
      await this.limitMessage(state);
      // the answer is the message_edited frame every tab of the visitor receives through the bus
      await this.live.editMessage({
        workspaceId: state.workspaceId,
        conversationId: state.conversationId,
        messageId,
        authorType: MessageAuthorType.visitor,
        authorId: state.visitorId,
        body: frame['body'],
      });
    } catch (e) {
      if (e instanceof DomainException) {
        this.send(ws, { type: 'error', code: e.code, message: e.message, messageId, ...retryAfter(e) });
        return;
      }
      throw e;
    }
  }

  /** SPEC C2: accepted whenever valid (availability only decides whether the widget shows the form). */
  private async onOfflineForm(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const clientId = typeof frame['clientId'] === 'string' ? frame['clientId'].slice(0, MAX_CLIENT_ID_LENGTH) : '';
    try {
      if (!state.visitorId || !state.workspaceId) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
      await this.limitMessage(state);
      const ip = state.ip;
      const r = await this.offlineForm.submit(state.visitorId, state.workspaceId, frame, (channelId) => this.limits.newConversation(ip, channelId));
      if (state.conversationId !== r.conversationId) await this.follow(ws, state, r.conversationId, 0);
      this.send(ws, { type: 'offline_form_result', clientId, ok: true, conversationId: r.conversationId });
    } catch (e) {
      if (e instanceof DomainException) {
        const fieldErrors = e.details?.['fieldErrors'] as Array<{ field: string; message: string }> | undefined;
        this.send(ws, { type: 'offline_form_result', clientId, ok: false, code: e.code, message: e.message, ...(fieldErrors ? { fieldErrors } : {}), ...retryAfter(e) });
        return;
      }
      if (isUnavailableError(e)) {
        this.logger.warn(`offline form failed, answered retriable: ${(e as Error)?.message ?? e}`);
        this.send(ws, { type: 'offline_form_result', clientId, ok: false, code: ErrorCode.Unavailable, message: UNAVAILABLE_TEXT, retriable: true });
        return;
      }
      throw e;
    }
  }

  private async onSend(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const clientId = frame['clientId'];
    if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH) {
      throw new DomainException(ErrorCode.BadFrame, `clientId must be a string of 1 to ${MAX_CLIENT_ID_LENGTH} characters`);
    }
    if (!state.visitorId || !state.workspaceId) {
      this.send(ws, { type: 'error', code: ErrorCode.NotReady, message: 'Send hello first', clientId });
      return;
    }
    // the message is queued for writing before this returns, in frame order
    const workspaceId = state.workspaceId;
    expectOwnEcho(state, clientId);
    const ip = state.ip;
    const sending = this.webchat.send(state.visitorId, workspaceId, clientId, frame['body'] as string, state.conversationId, state.groupId ?? null, frame['attachmentIds'], (channelId) =>
      this.limits.newConversation(ip, channelId),
    );
    const answer = sending
      .then(async (r) => {
        if (state.conversationId !== r.message.conversationId) {
          // a conversation another tab started (issue #16) may hold messages before this one: replay all of it
          await this.follow(ws, state, r.message.conversationId, r.started ? r.message.seq : 0);
        }
        firstSend(state.seen, r.message.seq); // the ack carries it
        // after following, so this socket also hears who joined (SPEC B4 auto-assignment)
        if (r.started) await this.webchat.assignNew(workspaceId, r.message.conversationId);
        // SPEC D2: a typed message while the bot waits hands the chat over to the queue
        else if (r.conversation.status === ConversationStatus.bot) await this.bot.handOver(workspaceId, r.message.conversationId);
        this.send(ws, { type: 'ack', clientId, message: this.toVisitorMessage(r.message) });
      })
      .catch((e) => {
        state.ownEchoes?.delete(clientId);
        if (e instanceof DomainException) return this.send(ws, { type: 'error', code: e.code, message: e.message, clientId, ...retryAfter(e) });
        // the database or Redis failed (an outage): the widget sends it again with the same
        // clientId, which is stored once (a message written before the failure is acked then)
        this.logger.warn(`send failed, answered retriable: ${(e as Error)?.message ?? e}`);
        this.send(ws, { type: 'error', code: ErrorCode.Unavailable, message: 'The message could not be sent yet. Retrying…', clientId, retriable: true });
      });
    if (!state.conversationId) return answer; // the first message starts the conversation: the next frames wait for it
    // The conversation is known: the next frame need not wait for this one to be written (the
    // writer keeps a conversation's messages in order, and acks follow that order). The message
    // still counts against MAX_PENDING_FRAMES until it is answered.
    state.pending++;
    void answer.catch((e) => this.fail(ws, e)).finally(() => state.pending--);
  }

  /** page, contact, identify, cart, track (widget extras, public JS API). */
  private async onFeature(ws: WebSocket, state: SocketState, frame: Record<string, unknown>): Promise<void> {
    const ctx = state.visitorId && state.workspaceId && state.channelId ? { visitorId: state.visitorId, workspaceId: state.workspaceId, channelId: state.channelId } : null;
    const answer = await handleFeatureFrame(this.features, ctx, state.conn, state.featureBuckets, frame);
    if (answer) this.send(ws, answer);
  }

  /** `raw`: the frame that failed, whose type and request id (clientId, messageId) an outage answer carries. */
  private fail(ws: WebSocket, e: unknown, raw?: WebSocket.RawData): void {
    if (e instanceof DomainException) {
      this.send(ws, { type: 'error', code: e.code, message: e.message, ...retryAfter(e) });
      return;
    }
    if (isUnavailableError(e)) {
      // PostgreSQL or Redis did not answer (an outage): the widget may send the same frame again
      this.logger.warn(`visitor frame failed, answered retriable: ${(e as Error)?.message ?? e}`);
      this.send(ws, { type: 'error', code: ErrorCode.Unavailable, message: UNAVAILABLE_TEXT, retriable: true, ...frameIds(raw) });
      return;
    }
    this.logger.error(`visitor socket error: ${(e as Error)?.stack ?? e}`);
    this.send(ws, { type: 'error', code: ErrorCode.Internal, message: 'Something went wrong. Please try again.' });
  }

  /** The shared per-visitor and per-IP message limit, as a RATE_LIMITED exception with details.retryAfterMs. */
  private async limitMessage(state: SocketState): Promise<void> {
    const r = await this.limits.message(state.visitorId, state.ip);
    if (r) throw new DomainException(ErrorCode.RateLimited, r.message, { retryAfterMs: r.retryAfterMs });
  }

  /**
   * A socket whose peer stopped reading would buffer without bound (issue #16): once a frame would
   * take its buffer past VISITOR_SOCKET_MAX_BUFFER_BYTES it gets nothing more and is closed with
   * VISITOR_CLOSE_SLOW_CONSUMER (the widget reconnects and resumes by lastSeq); a peer that does
   * not read the close either is cut off after SLOW_CONSUMER_GRACE_MS.
   */
  private send(ws: WebSocket, frame: VisitorServerFrame): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if ((frame.type === 'message' || frame.type === 'ack') && frame.message) {
      const s = (ws as WebSocket & { parley?: SocketState }).parley;
      if (s && frame.message.seq > (s.sentSeq ?? 0)) s.sentSeq = frame.message.seq;
    }
    const data = JSON.stringify(frame);
    if (ws.bufferedAmount + Buffer.byteLength(data) > this.config.visitorSocketMaxBufferBytes) {
      ws.close(VISITOR_CLOSE_SLOW_CONSUMER, 'SLOW_CONSUMER');
      setTimeout(() => ws.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
      return;
    }
    ws.send(data);
  }
}

/** The text of an UNAVAILABLE answer (an outage of the database or Redis). */
const UNAVAILABLE_TEXT = 'The chat is unavailable for a moment. Retrying…';

/** The type and request ids of a frame (for the answer to a frame that failed); {} when it is not JSON. */
export function frameIds(raw: WebSocket.RawData | undefined): { frame?: string; clientId?: string; messageId?: string } {
  if (!raw) return {};
  try {
    const f = JSON.parse(raw.toString()) as Record<string, unknown> | null;
    if (!f || typeof f !== 'object') return {};
    const text = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined);
    const out: { frame?: string; clientId?: string; messageId?: string } = {};
    const type = text(f['type'], 40);
    const clientId = text(f['clientId'], MAX_CLIENT_ID_LENGTH);
    const messageId = text(f['messageId'], 64);
    if (type) out.frame = type;
    if (clientId) out.clientId = clientId;
    if (messageId) out.messageId = messageId;
    return out;
  } catch {
    return {};
  }
}

/** How long a socket closed as a slow consumer may take to read the close before it is cut off. */
const SLOW_CONSUMER_GRACE_MS = 10_000;

function retryAfter(e: DomainException): { retryAfterMs?: number } {
  const ms = e.details?.['retryAfterMs'];
  return typeof ms === 'number' ? { retryAfterMs: ms } : {};
}

/**
 * The message seqs a socket has: all ≤ `floor` (the widget had them, or they were sent), and those
 * in `above`. Bounded: past SEEN_MAX the lowest are folded into the floor.
 */
export interface SeenSeqs {
  floor: number;
  above: Set<number>;
}

const SEEN_MAX = 512;

/** True the first time a seq is to be sent on the socket (and notes it); false for a repeat. */
export function firstSend(seen: SeenSeqs, seq: number): boolean {
  if (seq <= seen.floor || seen.above.has(seq)) return false;
  seen.above.add(seq);
  while (seen.above.delete(seen.floor + 1)) seen.floor++;
  if (seen.above.size > SEEN_MAX) {
    const sorted = [...seen.above].sort((a, b) => a - b).slice(0, SEEN_MAX / 2);
    for (const n of sorted) seen.above.delete(n);
    seen.floor = sorted[sorted.length - 1];
  }
  return true;
}

/** Echoes awaited per socket at most: the oldest is forgotten first (its echo is then sent, which the widget dedupes). */
export const OWN_ECHOES_MAX = 32;

/** Notes a clientId this socket is sending, so its echo on the conversation topic is not sent back to it. */
export function expectOwnEcho(state: { ownEchoes?: Set<string> }, clientId: string): void {
  const own = (state.ownEchoes ??= new Set());
  own.add(clientId);
  if (own.size > OWN_ECHOES_MAX) own.delete(own.values().next().value as string);
}

/** True (once) for the echo of a message this socket sent itself. */
export function isOwnEcho(state: { ownEchoes?: Set<string> }, clientId: string | null | undefined): boolean {
  return !!clientId && !!state.ownEchoes?.delete(clientId);
}
