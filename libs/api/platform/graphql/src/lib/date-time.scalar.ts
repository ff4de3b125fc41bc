import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), as the API emits it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parse(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) {
    throw new GraphQLError('DateTime must be an ISO 8601 date-time string such as 2026-12-03T09:54:33Z.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const date = new Date(value);
  // "2026-02-31T00:00Z" parses to March; a real date round-trips its day of month
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const offsetless = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || offsetless.getUTCMonth() !== m - 1 || offsetless.getUTCDate() !== d) {
    throw new GraphQLError(`DateTime ${JSON.stringify(value)} is not a real date.`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/**
 * The `DateTime` scalar, strict: input must be an ISO 8601 string of a real date and time
 * (Nest's default accepts anything `new Date()` does, and an Invalid Date reached PostgreSQL).
 */
export const StrictDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
