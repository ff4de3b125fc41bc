import { ErrorCode } from '@parley/shared/contracts';

/** A field at fault and what is wrong with it (an offline form's `fieldErrors`). */
export interface FieldError {
  field: string;
  message: string;
}

/** What a coded exception says to GraphQL: the error's message and `extensions` (always with `code`). */
export interface CodedGraphQLError {
  message: string;
  extensions: { code: string } & Record<string, unknown>;
}

/**
 * What a coded exception says on a visitor socket: the fields of an `error` frame but its type
 * and request ids (an offline form's answer takes the same fields, `fieldErrors` among them).
 */
export interface CodedFrameError {
  code: string;
  message: string;
  /** RATE_LIMITED from the shared limits: when a new attempt may succeed. */
  retryAfterMs?: number;
  /** The input field at fault (a widget extra's frame). */
  field?: string;
  /** Per-field errors (an offline form). */
  fieldErrors?: FieldError[];
}

/**
 * The base of every coded exception: a domain failure with a code the client can act on (the
 * `ErrorCode` wire values of `@parley/shared/contracts`), a message for people and optional
 * details. Resolvers and frame handlers let it propagate; `toGraphQLError` / `toErrorFrame`
 * (coded-error.mapper.ts, the one mapper) turn it into `extensions.code` or an `error` frame
 * through the pair below, which a domain's exception may override.
 *
 * Each domain has its own subclass restricting the codes it may throw (ConversationsException,
 * ContactsException, IdentityException, WebchatException); `new DomainException(code, …)` stays the
 * generic one, and `instanceof DomainException` is true of all of them.
 */
export class DomainException extends Error {
  /** The domain whose exception this is (`platform` for the generic one). */
  readonly domain: string = 'platform';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  /** details.retryAfterMs when it is a number (RATE_LIMITED from the shared limits). */
  get retryAfterMs(): number | undefined {
    const ms = this.details?.['retryAfterMs'];
    return typeof ms === 'number' ? ms : undefined;
  }

  /** The GraphQL error: the message, and `extensions` = the code and the details. */
  toGraphQLError(): CodedGraphQLError {
    return { message: this.message, extensions: { code: this.code, ...(this.details ?? {}) } };
  }

  /** The socket error: code, message, retryAfterMs and (for a form) fieldErrors; no other details leave. */
  toFrame(): CodedFrameError {
    const fieldErrors = this.details?.['fieldErrors'];
    const retryAfterMs = this.retryAfterMs;
    return {
      code: this.code,
      message: this.message,
      ...(Array.isArray(fieldErrors) ? { fieldErrors: fieldErrors as FieldError[] } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
}

export const notFound = (what: string) => new DomainException(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new DomainException(ErrorCode.Forbidden, message);
export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainException(ErrorCode.BadUserInput, message, details);
export const unauthenticated = (message = 'Sign in to continue', reason?: string) =>
  new DomainException(ErrorCode.Unauthenticated, message, reason ? { reason } : undefined);
