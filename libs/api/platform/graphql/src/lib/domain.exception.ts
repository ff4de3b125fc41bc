import { ErrorCode } from '@parley/shared/contracts';

/**
 * A domain failure with a code the client can act on. Resolvers let it propagate; the GraphQL
 * error formatter turns it into `extensions.code`, the visitor gateway into an `error` frame.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const notFound = (what: string) => new DomainException(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new DomainException(ErrorCode.Forbidden, message);
export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainException(ErrorCode.BadUserInput, message, details);
export const unauthenticated = (message = 'Sign in to continue', reason?: string) =>
  new DomainException(ErrorCode.Unauthenticated, message, reason ? { reason } : undefined);
