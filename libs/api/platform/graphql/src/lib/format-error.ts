import { ErrorCode } from '@parley/shared/contracts';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { uniqueViolationException } from './already-exists';
import { DomainException } from './domain.exception';

interface HttpLikeException {
  getStatus?: () => number;
  getResponse?: () => unknown;
}

/**
 * Maps every error leaving GraphQL to a stable `extensions.code`. Domain exceptions keep their
 * code and message; PostgreSQL unique violations become CONFLICT/ALREADY_EXISTS by constraint
 * name (`uniqueViolationException`); validation failures become BAD_USER_INPUT with the field messages; anything
 * unexpected becomes INTERNAL without leaking its message or stack.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const raw = (error as GraphQLError)?.originalError ?? error;
  // a unique key no service translated itself still tells the operator what exists already
  const original = uniqueViolationException(raw) ?? raw;
  if (original instanceof DomainException) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  const http = original as HttpLikeException;
  if (typeof http?.getStatus === 'function') {
    const status = http.getStatus();
    const response = http.getResponse?.() as { message?: string | string[] } | string | undefined;
    const messages = typeof response === 'string' ? [response] : ([] as string[]).concat(response?.message ?? formatted.message);
    const code =
      status === 400 ? ErrorCode.BadUserInput : status === 401 ? ErrorCode.Unauthenticated : status === 403 ? ErrorCode.Forbidden : status === 404 ? ErrorCode.NotFound : status === 429 ? ErrorCode.RateLimited : ErrorCode.Internal;
    return {
      message: code === ErrorCode.Internal ? 'Internal server error' : messages.join('; '),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...(status === 400 ? { fields: messages } : {}) },
    };
  }
  const code = formatted.extensions?.['code'];
  // syntax and validation errors of the document itself, produced by graphql-js / Apollo
  if (code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT' || code === 'BAD_REQUEST') {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: code === 'BAD_REQUEST' ? 'BAD_REQUEST' : code } };
  }
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'OPERATION_RESOLUTION_FAILURE') {
    return formatted;
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.Internal } };
}
