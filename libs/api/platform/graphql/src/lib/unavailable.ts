/** Socket-level error codes of a dependency that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * PostgreSQL SQLSTATEs of an unreachable or refusing server: class 08 (connection exception),
 * 57P01–57P03 (shut down / cannot connect now), 53300 (too many connections).
 */
const POSTGRES_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;

/** Messages of node-postgres, its pool, TypeORM and ioredis when the connection is gone. */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /Reached the max retries per request limit/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Cannot use a pool after calling end on the pool/i,
];

/**
 * Whether `error` means PostgreSQL or Redis could not be reached (refused, terminated, pool
 * timeout, ioredis MaxRetriesPerRequestError…): the same request may succeed when sent again, so
 * it is answered UNAVAILABLE with `retriable: true`, never INTERNAL. Looks through TypeORM's
 * `driverError`, `cause` and graphql-js `thrownValue` chains.
 */
export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown; thrownValue?: unknown };
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || POSTGRES_UNAVAILABLE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // AggregateError (a connect to several addresses, all refused)
  if (Array.isArray(e.errors) && e.errors.some((x) => isUnavailableError(x, depth + 1))) return true;
  // graphql-js wraps a thrown value that is not an Error of its realm as NonErrorThrown { thrownValue }
  return isUnavailableError(e.driverError, depth + 1) || isUnavailableError(e.cause, depth + 1) || isUnavailableError(e.thrownValue, depth + 1);
}
