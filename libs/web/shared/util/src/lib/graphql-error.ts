import { ErrorCode } from '@parley/shared/contracts';

/** One GraphQL error as the API returns it (`extensions.code` carries an ErrorCode). */
export interface GraphqlErrorEntry {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Thrown by the GraphQL clients; `code` is the first error's `extensions.code`, or NETWORK. */
export class GraphqlRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly GraphqlErrorEntry[] = [],
  ) {
    super(message);
    this.name = 'GraphqlRequestError';
  }

  static network(cause: unknown): GraphqlRequestError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new GraphqlRequestError(NETWORK_ERROR, `Network error: ${detail}`);
  }
}

export const NETWORK_ERROR = 'NETWORK';

export function errorCodeOf(error: unknown): string | undefined {
  return error instanceof GraphqlRequestError ? error.code : undefined;
}

export function isUnauthenticated(error: unknown): boolean {
  return errorCodeOf(error) === ErrorCode.Unauthenticated || errorCodeOf(error) === ErrorCode.TokenExpired;
}

/** The server could not reach its database or Redis (an outage): the same request may succeed later. */
export function isUnavailable(error: unknown): boolean {
  return errorCodeOf(error) === ErrorCode.Unavailable;
}

/** `extensions.reason` of a CONFLICT that is a duplicate unique value (the API's ALREADY_EXISTS). */
export const ALREADY_EXISTS = 'ALREADY_EXISTS';

/** Whether the request failed because a value that must be unique is taken already. */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof GraphqlRequestError && error.code === ErrorCode.Conflict && error.errors[0]?.extensions?.['reason'] === ALREADY_EXISTS;
}

/** A sentence an operator can act on, for any error a request may throw. */
export function describeError(error: unknown): string {
  switch (errorCodeOf(error)) {
    case NETWORK_ERROR:
      return 'Cannot reach Parley. Check your connection and try again.';
    case ErrorCode.Unavailable:
      return 'Parley is unavailable for a moment (its database or Redis did not answer). Try again shortly.';
    case ErrorCode.Forbidden:
      return 'You do not have permission to do that.';
    case ErrorCode.NotFound:
      return 'This conversation no longer exists or is not visible to you.';
    case ErrorCode.RateLimited:
      return 'Too many requests. Wait a moment and try again.';
    case ErrorCode.MessageTooLong:
      return 'The message is too long.';
    case ErrorCode.EmptyMessage:
      return 'The message is empty.';
    case ErrorCode.Conflict:
      // a taken unique value (shortcut, name, e-mail…) is not a concurrent change: say what exists
      if (isAlreadyExists(error) && error instanceof Error && error.message) return error.message;
      return 'Someone else changed this conversation. Reload and try again.';
    case ErrorCode.Unauthenticated:
    case ErrorCode.TokenExpired:
      return 'Your session has expired.';
    default:
      return error instanceof Error && error.message ? error.message : 'Something went wrong.';
  }
}
