import { ErrorCode } from '@parley/shared/contracts';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { uniqueViolationException } from './already-exists';
import { codedGraphQLError, INTERNAL_MESSAGE, UNAVAILABLE_MESSAGE } from './coded-error.mapper';
import { isUnavailableError } from './unavailable';
import { PAYLOAD_TOO_LARGE, QUERY_TOO_COSTLY, QUERY_TOO_DEEP, withoutSuggestions } from './validation-rules';

/** Codes of errors about the request document itself, passed through as they are. */
const DOCUMENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', QUERY_TOO_DEEP, QUERY_TOO_COSTLY, PAYLOAD_TOO_LARGE]);

/**
 * PostgreSQL data exceptions (SQLSTATE class 22: a malformed uuid 22P02, a bad date 22007/22008,
 * NUL in text 22021, out-of-range numbers 22003...) are the client's bad input that slipped
 * past validation: BAD_USER_INPUT, never INTERNAL.
 */
export function isPostgresDataException(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && (e?.driverError !== undefined || (error as Error)?.constructor?.name === 'DatabaseError');
}

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
  return formatError(formatted, error, false);
}

/**
 * The formatter for this environment: in production, graphql-js "Did you mean …?" hints are
 * removed from messages (they reveal schema names to whoever probes it).
 */
export function graphqlErrorFormatter(options: { production: boolean }): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => formatError(formatted, error, options.production);
}

function formatError(formatted: GraphQLFormattedError, error: unknown, hideSuggestions: boolean): GraphQLFormattedError {
  const raw = (error as GraphQLError)?.originalError ?? error;
  // a unique key no service translated itself still tells the operator what exists already
  const original = uniqueViolationException(raw) ?? raw;
  // a coded exception (any domain's) says its GraphQL error itself, through the one mapper
  const coded = codedGraphQLError(original);
  if (coded) return { message: coded.message, locations: formatted.locations, path: formatted.path, extensions: coded.extensions };
  const http = original as HttpLikeException;
  if (typeof http?.getStatus === 'function') {
    const status = http.getStatus();
    const response = http.getResponse?.() as { message?: string | string[] } | string | undefined;
    const messages = typeof response === 'string' ? [response] : ([] as string[]).concat(response?.message ?? formatted.message);
    const code =
      status === 400 ? ErrorCode.BadUserInput : status === 401 ? ErrorCode.Unauthenticated : status === 403 ? ErrorCode.Forbidden : status === 404 ? ErrorCode.NotFound : status === 429 ? ErrorCode.RateLimited : ErrorCode.Internal;
    return {
      message: code === ErrorCode.Internal ? INTERNAL_MESSAGE : messages.join('; '),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...(status === 400 ? { fields: messages } : {}) },
    };
  }
  // PostgreSQL or Redis could not be reached (an outage): the same request may succeed again
  if (isUnavailableError(original)) {
    return { message: UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.Unavailable, retriable: true } };
  }
  if (isPostgresDataException(original)) {
    return { message: 'Invalid input value.', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BadUserInput } };
  }
  // Apollo re-codes validation rule errors GRAPHQL_VALIDATION_FAILED; the limits keep their own code
  const ownCode = original instanceof GraphQLError ? original.extensions?.['code'] : undefined;
  const code = ownCode === QUERY_TOO_DEEP || ownCode === QUERY_TOO_COSTLY ? ownCode : formatted.extensions?.['code'];
  // syntax and validation errors of the document itself, produced by graphql-js / Apollo / our rules
  if (typeof code === 'string' && DOCUMENT_CODES.has(code)) {
    const message = hideSuggestions ? withoutSuggestions(formatted.message) : formatted.message;
    const ext = original instanceof GraphQLError ? original.extensions : formatted.extensions;
    const limit = ext?.['maxDepth'] ?? ext?.['maxCost'];
    // the argument a malformed value was refused for at the edge (inputErrors)
    const argument = typeof ext?.['argument'] === 'string' ? ext['argument'] : undefined;
    return {
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...(limit !== undefined ? { limit } : {}), ...(argument ? { argument } : {}) },
    };
  }
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'OPERATION_RESOLUTION_FAILURE') {
    return formatted;
  }
  return { message: INTERNAL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.Internal } };
}
