import { SetMetadata } from '@nestjs/common';
import type { VisitorSocket } from './visitor-socket';

export const VISITOR_FRAME_HANDLER = Symbol('VISITOR_FRAME_HANDLER');

export interface VisitorFrameHandlerMetadata {
  /** The `type` of the client frames the handler takes. */
  type: string;
}

/**
 * The handler of one type of visitor client frame. The gateway has parsed the frame (a JSON
 * object) and admitted it (size, rate limits); the handler validates its fields, does the work
 * and answers through the socket. A coded exception it throws is answered by the gateway as an
 * `error` frame through the one mapper; frames of one socket reach their handlers one at a time.
 */
export interface VisitorFrameHandling {
  handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void>;
}

/**
 * Marks a provider implementing `VisitorFrameHandling` as the handler of one frame type; the
 * `VisitorFrameRegistry` discovers it at start-up (as `@JobProcessor` and `@ChannelAdapterFor`
 * providers are discovered).
 */
export const VisitorFrameHandler = (type: string) => SetMetadata(VISITOR_FRAME_HANDLER, { type } satisfies VisitorFrameHandlerMetadata);
