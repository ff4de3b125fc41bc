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
import { errorFrameOf, toErrorFrame, toSocketError } from '@parley/api/platform/graphql';
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
import { newFeatureBuckets } from './visitor-feature-frames';
import { VisitorSession, VisitorTopicEvent, WebchatService } from './webchat.service';
import type { ChannelTopicEvent } from './webchat-settings.service';
import { RoutingFeed, VisitorRoutingWatch } from './visitor-routing-watch';
import { visitorPresenceKey } from './visitor-presence';
import { BotRuntimeService, BotTopicEvent, isBotEvent } from './bot/bot-runtime.service';
import { badFrame, WebchatException } from './exceptions/webchat.exception';
import { VisitorFrameRegistry } from './frames/visitor-frame-registry';
import { firstSend, frameIds, isOwnEcho, VISITOR_CLOSE_NO_CHANNEL, VisitorSocket, VisitorSocketState } from './frames/visitor-socket';

export { expectOwnEcho, firstSend, frameIds, isOwnEcho, OWN_ECHOES_MAX } from './frames/visitor-socket';
export type { SeenSeqs, VisitorSocket, VisitorSocketState } from './frames/visitor-socket';

/** Frames one visitor socket may have waiting to be handled. */
const MAX_PENDING_FRAMES = 50;

type SocketState = VisitorSocketState;

/** The visitor's copy of a message: the wire shape without the author's id (operators' ids stay inside). */
const snapshotOf = (m: MessageEntity | MessageSnapshot): VisitorMessage => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { authorId, ...message } = m instanceof MessageEntity ? messageSnapshot(m) : m;
  return message;
};

/**
 * The widget's WebSocket endpoint (`/ws/visitor`), a thin transport: it admits connections and
 * frames (size, JSON, the per-socket, per-visitor and per-IP limits), keeps each socket's state
 * and its bus subscriptions, closes slow consumers, and hands each frame to the handler of its
 * `type` (`@VisitorFrameHandler`, found by the VisitorFrameRegistry); a failure is answered
 * through the one error mapper. It holds no state that matters beyond the socket: the database
 * is the source of truth and a reconnecting widget gets what it missed by `lastSeq`.
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
    private readonly geo: GeoIpService,
    private readonly files: AttachmentsService,
    private readonly availability: AvailabilityService,
    private readonly routingFeed: RoutingFeed,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly bot: BotRuntimeService,
    private readonly limits: VisitorLimits,
    private readonly frames: VisitorFrameRegistry,
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
    const socket = this.socketOf(ws, state);
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
          return refused ? this.send(ws, refused) : this.onFrame(socket, data, isBinary);
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

  /** The socket as its frame handlers see it: the state, and this transport's operations on it. */
  private socketOf(ws: WebSocket, state: SocketState): VisitorSocket {
    return {
      state,
      get open() {
        return ws.readyState === WebSocket.OPEN;
      },
      send: (frame) => this.send(ws, frame),
      close: (code, reason) => ws.close(code, reason),
      begin: (session) => this.begin(ws, state, session),
      follow: (conversationId, afterSeq, known) => this.follow(ws, state, conversationId, afterSeq, known),
      sendBot: (bot, force) => this.sendBot(ws, state, bot, force),
      toVisitorMessage: (m) => this.toVisitorMessage(m),
      fail: (e) => this.fail(ws, e),
      detach: (answer) => {
        state.pending++;
        void answer.catch((e) => this.fail(ws, e)).finally(() => state.pending--);
      },
    };
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
    const limited = (message: string, retryAfterMs?: number): ErrorFrame =>
      toErrorFrame(new WebchatException(ErrorCode.RateLimited, message, retryAfterMs !== undefined ? { retryAfterMs } : undefined), clientId ? { clientId } : {});
    if (state.pending >= MAX_PENDING_FRAMES) return limited('Too many messages at once. Please wait a moment.');
    if (!isSend) return null;
    return this.limits.message(state.visitorId, state.ip).then((r) => (r ? limited(r.message, r.retryAfterMs) : null));
  }

  /** Parses a frame and hands it to the handler of its type. */
  private async onFrame(socket: VisitorSocket, data: WebSocket.RawData, isBinary: boolean): Promise<void> {
    if (isBinary) throw badFrame('Frames must be JSON text');
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      throw badFrame('Frames must be JSON');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) throw badFrame('Frames must be JSON objects');
    const handler = this.frames.get(frame['type']);
    if (!handler) throw badFrame('Unknown frame type');
    return handler.handle(socket, frame);
  }

  /**
   * A hello was accepted: the socket becomes the visitor's — presence, location, the routing
   * watch, and the visitor's and the channel's topics. Resolves whether the chat is available.
   */
  private async begin(ws: WebSocket, state: SocketState, session: VisitorSession): Promise<boolean> {
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
          this.send(ws, toErrorFrame(new WebchatException(ErrorCode.ChannelInactive, 'This chat is not available right now')));
          ws.close(VISITOR_CLOSE_NO_CHANNEL, ErrorCode.ChannelInactive);
        }
      }),
    );
    return available;
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

  /**
   * Answers a failure through the one mapper: a coded exception with its code, an outage of the
   * database or Redis UNAVAILABLE (retriable, naming the frame: `raw`), anything else INTERNAL.
   */
  private fail(ws: WebSocket, e: unknown, raw?: WebSocket.RawData): void {
    const answer = toSocketError(e);
    // PostgreSQL or Redis did not answer (an outage): the widget may send the same frame again
    if (answer.kind === 'unavailable') this.logger.warn(`visitor frame failed, answered retriable: ${(e as Error)?.message ?? e}`);
    else if (answer.kind === 'internal') this.logger.error(`visitor socket error: ${(e as Error)?.stack ?? e}`);
    this.send(ws, errorFrameOf(answer, answer.kind === 'unavailable' ? frameIds(raw) : {}));
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

/** How long a socket closed as a slow consumer may take to read the close before it is cut off. */
const SLOW_CONSUMER_GRACE_MS = 10_000;
