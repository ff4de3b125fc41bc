import type { ConversationEntity, MessageEntity, MessageSnapshot } from '@parley/api/conversations';
import { BotFrame, MAX_CLIENT_ID_LENGTH, VisitorMessage, VisitorServerFrame } from '@parley/shared/contracts';
import type WebSocket from 'ws';
import type { TokenBucket } from '../token-bucket';
import type { FeatureBuckets } from '../visitor-feature-frames';
import type { ConnectionInfo } from '../visitor-features.service';
import type { VisitorRoutingWatch } from '../visitor-routing-watch';
import type { VisitorSession } from '../webchat.service';

/** Close code of a visitor socket whose channel is unknown or was switched off. */
export const VISITOR_CLOSE_NO_CHANNEL = 4404;

/** The state of one visitor socket (the gateway owns it; frame handlers read and update it). */
export interface VisitorSocketState {
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

/**
 * One visitor's socket as a frame handler sees it: its state and what the transport (the
 * VisitorGateway) does for it — sending with the slow-consumer close, the bus subscriptions,
 * following a conversation, answering failures.
 */
export interface VisitorSocket {
  readonly state: VisitorSocketState;
  /** The socket is still open. */
  readonly open: boolean;
  /** Sends a frame (nothing when closed; a slow consumer is closed instead). */
  send(frame: VisitorServerFrame): void;
  close(code: number, reason: string): void;
  /**
   * A hello was accepted: the socket becomes the visitor's (presence, location, routing watch,
   * the visitor's and the channel's topics). Resolves whether the chat is available now.
   */
  begin(session: VisitorSession): Promise<boolean>;
  /** Subscribes to a conversation's events, then replays what the socket has not seen. */
  follow(conversationId: string, afterSeq: number, known?: ConversationEntity): Promise<void>;
  /** `force`: even when this socket already has that frame. */
  sendBot(bot: Omit<BotFrame, 'type'>, force?: boolean): void;
  /** A message as the visitor gets it (attachment links signed for their conversation). */
  toVisitorMessage(m: MessageEntity | MessageSnapshot): VisitorMessage;
  /** Answers a failure outside the frame order (through the one error mapper). */
  fail(e: unknown): void;
  /**
   * Lets the socket's next frames go on before `answer` settles; it still counts against the
   * pending-frames bound until it does, and a failure of it is answered by `fail`.
   */
  detach(answer: Promise<void>): void;
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

/** A frame's clientId cut to MAX_CLIENT_ID_LENGTH, or undefined when it has none. */
export function clientIdOf(frame: Record<string, unknown>): string | undefined {
  return typeof frame['clientId'] === 'string' ? frame['clientId'].slice(0, MAX_CLIENT_ID_LENGTH) : undefined;
}
