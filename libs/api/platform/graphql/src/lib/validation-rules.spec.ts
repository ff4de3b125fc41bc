import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { StrictDateTime } from './date-time.scalar';
import { formatGraphqlError, graphqlErrorFormatter } from './format-error';
import { costLimitRule, depthLimitRule, findNulString, noNulStringRule, QUERY_TOO_COSTLY, QUERY_TOO_DEEP } from './validation-rules';

const schema = buildSchema(`
  type Item { id: ID! name: String! children(first: Int = 10): [Item!]! parent: Item }
  type Page { nodes: [Item!]! total: Int! }
  type Query { items(first: Int = 20): Page! item(id: ID!): Item search(q: String!): [Item!]! }
`);
const run = (doc: string, rules = [depthLimitRule(5), costLimitRule({ maxCost: 1000, maxPage: 100 })]) =>
  validate(schema, parse(doc), [...specifiedRules, ...rules]).map((e) => e.extensions['code'] ?? e.message);

describe('GraphQL validation rules', () => {
  it('counts depth through fragments and inline fragments', () => {
    expect(run(`{ item(id: "1") { parent { parent { parent { id } } } } }`)).toEqual([]);
    expect(run(`{ item(id: "1") { parent { parent { parent { parent { id } } } } } }`)).toEqual([QUERY_TOO_DEEP]);
    expect(run(`{ item(id: "1") { ...F } } fragment F on Item { parent { ... on Item { parent { parent { parent { id } } } } } }`)).toEqual([QUERY_TOO_DEEP]);
  });

  it('multiplies children by first (literal, default, variable default or the largest page) and counts aliases', () => {
    expect(run(`{ items(first: 9) { nodes { id name } } }`)).toEqual([]); // 1 + 9 × (1 + 2) = 28
    expect(run(`{ items(first: 100) { nodes { id name children(first: 10) { id } } } }`)).toEqual([QUERY_TOO_COSTLY]); // 1 + 100 × (1 + 2 + 1 + 10) > 1000
    expect(run(`{ items { nodes { id children { id } } } }`)).toEqual([]); // 1 + 20 × (1 + 1 + 1 + 10) = 261
    expect(run(`query($f: Int = 2) { items(first: $f) { nodes { id } } }`)).toEqual([]);
    expect(run(`query($f: Int) { items(first: $f) { nodes { id name children(first: 3) { id } } } }`)).toEqual([]); // 1 + 100 × 7 = 701
    expect(run(`query($f: Int) { a: items(first: $f) { nodes { id } } b: items(first: $f) { nodes { id } } }`)).toEqual([]);
    const aliases = Array.from({ length: 600 }, (_, i) => `a${i}: item(id: "1") { id }`).join(' ');
    expect(run(`{ ${aliases} }`)).toEqual([QUERY_TOO_COSTLY]);
  });

  it('refuses NUL in string literals and finds it in variables', () => {
    expect(run(`{ search(q: "a\\u0000b") { id } }`, [noNulStringRule])).toEqual(['BAD_USER_INPUT']);
    expect(run(`{ search(q: "ab") { id } }`, [noNulStringRule])).toEqual([]);
    expect(findNulString({ i: { tags: ['ok', 'x\u0000'] } })).toEqual(['i', 'tags', '1']);
    expect(findNulString({ i: { name: 'fine', n: 3 } })).toBeUndefined();
  });
});

describe('formatGraphqlError for limits, PostgreSQL data exceptions and suggestions', () => {
  it('keeps the limit codes Apollo re-codes as GRAPHQL_VALIDATION_FAILED', () => {
    const own = new GraphQLError('too deep', { extensions: { code: QUERY_TOO_DEEP, maxDepth: 5 } });
    const wrapped = new GraphQLError('too deep', { originalError: own, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatGraphqlError(wrapped.toJSON(), wrapped)).toMatchObject({ extensions: { code: QUERY_TOO_DEEP, limit: 5 } });
  });

  it('maps SQLSTATE class 22 (bad uuid, date, NUL) to BAD_USER_INPUT and nothing else', () => {
    for (const code of ['22P02', '22007', '22008', '22021']) {
      const pg = Object.assign(new Error('invalid input syntax for type uuid: "x"'), { driverError: { code } });
      const e = new GraphQLError(pg.message, { originalError: pg });
      expect(formatGraphqlError({ message: e.message }, e)).toMatchObject({ message: 'Invalid input value.', extensions: { code: 'BAD_USER_INPUT' } });
    }
    const other = Object.assign(new Error('deadlock'), { driverError: { code: '40P01' } });
    expect(formatGraphqlError({ message: 'x' }, new GraphQLError('x', { originalError: other })).extensions?.['code']).toBe('INTERNAL');
  });

  it('drops "Did you mean" hints in production only', () => {
    const msg = 'Cannot query field "conversatons" on type "Query". Did you mean "conversations" or "conversation"?';
    const f = { message: msg, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(graphqlErrorFormatter({ production: true })(f, new GraphQLError(msg)).message).toBe('Cannot query field "conversatons" on type "Query".');
    expect(graphqlErrorFormatter({ production: false })(f, new GraphQLError(msg)).message).toBe(msg);
  });
});

describe('StrictDateTime', () => {
  it('accepts ISO 8601 date-times and refuses anything else', () => {
    expect(StrictDateTime.parseValue('2026-12-03T09:54:33Z')).toEqual(new Date('2026-12-03T09:54:33Z'));
    expect(StrictDateTime.parseValue('2026-12-03T09:54:33.123+02:00')).toEqual(new Date('2026-12-03T07:54:33.123Z'));
    for (const bad of ['not-a-date', '2026-13-45T99:00:00Z', '2026-02-31T00:00:00Z', '2026-12-03', 1733219673000, null, '']) {
      expect(() => StrictDateTime.parseValue(bad)).toThrow(GraphQLError);
    }
  });
});
