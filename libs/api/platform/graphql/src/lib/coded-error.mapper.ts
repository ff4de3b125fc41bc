import { ErrorCode, ErrorFrame } from '@parley/shared/contracts';
import { CodedGraphQLError, CodedFrameError, DomainException } from './domain.exception';
import { isUnavailableError } from './unavailable';

/**
 * The one mapper from errors to what leaves Parley: GraphQL errors (`extensions.code`) and the
 * visitor socket's `error` frames. A coded exception (DomainException or a domain's subclass)
 * says it itself (`toGraphQLError()` / `toFrame()`); an outage of PostgreSQL or Redis is
 * UNAVAILABLE with `retriable: true`; anything else is INTERNAL and its message never leaves.
 */

/** How an error is answered: a coded answer, a retriable outage, or an unexpected failure (logged with its stack). */
export type ErrorKind = 'coded' | 'unavailable' | 'internal';

/** The message of an UNAVAILABLE GraphQL error (an outage of the database or Redis). */
export const UNAVAILABLE_MESSAGE = 'Service unavailable (the database or Redis did not answer); try again in a moment.';
/** The message of an INTERNAL GraphQL error. */
export const INTERNAL_MESSAGE = 'Internal server error';
/** The text of an UNAVAILABLE visitor frame. */
export const SOCKET_UNAVAILABLE_MESSAGE = 'The chat is unavailable for a moment. Retrying…';
/** The text of an INTERNAL visitor frame. */
export const SOCKET_INTERNAL_MESSAGE = 'Something went wrong. Please try again.';

export function errorKind(error: unknown): ErrorKind {
  if (error instanceof DomainException) return 'coded';
  return isUnavailableError(error) ? 'unavailable' : 'internal';
}

/** A coded exception's GraphQL error, or null for any other error (format-error.ts maps the rest). */
export function codedGraphQLError(error: unknown): CodedGraphQLError | null {
  return error instanceof DomainException ? error.toGraphQLError() : null;
}

/** The GraphQL error of a coded exception or an outage; INTERNAL (message hidden) for anything else. */
export function toGraphQLError(error: unknown): CodedGraphQLError {
  const coded = codedGraphQLError(error);
  if (coded) return coded;
  if (isUnavailableError(error)) return { message: UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.Unavailable, retriable: true } };
  return { message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.Internal } };
}

/** A socket answer to a failure: the `error` frame's fields, and how it was classified. */
export interface SocketError extends CodedFrameError {
  kind: ErrorKind;
  /** Set on UNAVAILABLE: the same frame may be sent again. */
  retriable?: true;
}

export interface SocketErrorOptions {
  /** The text of an outage's answer, when the frame has a more specific one (a `send` says its message is retried). */
  unavailableMessage?: string;
  /**
   * Answer an unexpected error as an outage too (UNAVAILABLE, retriable): for a frame that is
   * safe to send again whatever went wrong (a `send`, stored once by its clientId).
   */
  unknownIsUnavailable?: boolean;
}

/** What a visitor socket answers to a failure: a coded exception's own frame fields, UNAVAILABLE (retriable) or INTERNAL. */
export function toSocketError(error: unknown, options: SocketErrorOptions = {}): SocketError {
  let kind = errorKind(error);
  if (kind === 'coded') return { kind, ...(error as DomainException).toFrame() };
  if (kind === 'internal' && options.unknownIsUnavailable) kind = 'unavailable';
  if (kind === 'unavailable') return { kind, code: ErrorCode.Unavailable, message: options.unavailableMessage ?? SOCKET_UNAVAILABLE_MESSAGE, retriable: true };
  return { kind, code: ErrorCode.Internal, message: SOCKET_INTERNAL_MESSAGE };
}

/** The request ids an `error` frame may carry: the frame it answers (type) and its clientId / messageId. */
export type ErrorFrameIds = Pick<ErrorFrame, 'frame' | 'clientId' | 'messageId'>;

/** The `error` frame answering a failure (see toSocketError), with the ids of the frame it answers. */
export function toErrorFrame(error: unknown, ids: ErrorFrameIds = {}, options?: SocketErrorOptions): ErrorFrame {
  return errorFrameOf(toSocketError(error, options), ids);
}

/** The `error` frame of a SocketError. An offline form's `fieldErrors` are not part of an `error` frame. */
export function errorFrameOf(e: SocketError, ids: ErrorFrameIds = {}): ErrorFrame {
  return {
    type: 'error',
    code: e.code,
    message: e.message,
    ...ids,
    ...(e.field !== undefined ? { field: e.field } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e.retriable ? { retriable: true } : {}),
  };
}
