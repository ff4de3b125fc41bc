import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { TestApp } from '../testing/test-app';

/** Codes a malformed argument may earn; INTERNAL (a server fault) never. */
const CLIENT_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN'];
/** Operations that end the caller's own session or are another engineer's rate-limited flow. */
const SKIP = new Set(['logout', 'login', 'refreshSession']);

/** A well-formed value of `type` (required input fields filled in): an unknown uuid for IDs. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return sample(type.ofType, depth);
  if (isListType(type)) return [sample(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0].value === undefined ? type.getValues()[0].name : type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined && depth < 4) out[f.name] = sample(f.type, depth + 1);
    return out;
  }
  switch (getNamedType(type).name) {
    case 'ID': return randomUUID();
    case 'String': return 'x';
    case 'Int': return 1;
    case 'Float': return 1;
    case 'Boolean': return false;
    case 'DateTime': return '2026-01-01T00:00:00Z';
    default: return 'x';
  }
}

/** Malformed values for a leaf of this type and name. */
function malformed(type: GraphQLInputType, name: string): unknown[] {
  const named = getNamedType(type);
  if (!isScalarType(named)) return [];
  switch (named.name) {
    case 'ID': return ['not-a-uuid', 'a\u0000b'];
    case 'String': return ['a\u0000b', ...(/id$/i.test(name) ? ['not-a-uuid'] : [])];
    case 'DateTime': return ['not-a-date', '2026-13-45T99:00:00Z', 123];
    case 'Int': return /^(first|last|limit)$/.test(name) ? [-1, 1_000_000, 2 ** 40] : [-1, 2 ** 40];
    default: return [];
  }
}

interface Case { op: string; label: string; variables: Record<string, unknown> }

/** Each argument (and each field of an input argument, nested) replaced by each malformed value in turn. */
function cases(schema: GraphQLSchema, op: string, args: readonly GraphQLArgument[]): Case[] {
  const base = Object.fromEntries(args.filter((a) => isNonNullType(a.type) || isInputObjectType(getNamedType(a.type))).map((a) => [a.name, sample(a.type)]));
  const out: Case[] = [];
  const visit = (type: GraphQLInputType, name: string, set: (v: unknown) => Record<string, unknown>, label: string, depth: number) => {
    const named = getNamedType(type);
    const list = isListType(isNonNullType(type) ? type.ofType : type);
    if (isInputObjectType(named)) {
      if (depth > 3) return;
      for (const f of Object.values(named.getFields())) {
        const inner = (v: unknown) => {
          const obj = { ...(sample(named) as Record<string, unknown>), [f.name]: v };
          return set(list ? [obj] : obj);
        };
        visit(f.type, f.name, inner, `${label}.${f.name}`, depth + 1);
      }
      return;
    }
    for (const bad of malformed(type, name)) out.push({ op, label: `${label}=${JSON.stringify(bad)}`, variables: set(list ? [bad] : bad) });
  };
  for (const a of args) visit(a.type, a.name, (v) => ({ ...base, [a.name]: v }), a.name, 0);
  void schema;
  return out;
}

describe('malformed input to every operation (integration)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => t?.stop());

  it('answers every malformed argument of every Query and Mutation with a coded client error, never INTERNAL', async () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const failures: string[] = [];
    let sent = 0;
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      const kind = root === schema.getQueryType() ? 'query' : 'mutation';
      for (const field of Object.values(root.getFields())) {
        if (SKIP.has(field.name) || field.args.length === 0) continue;
        const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
        const doc = `${kind} (${varDefs}) { ${field.name}(${call})${selection} }`;
        for (const c of cases(schema, field.name, field.args)) {
          sent++;
          const r = await t.graphql(doc, c.variables, admin);
          const codes = (r.errors ?? []).map((e) => e.extensions?.['code']);
          if (!r.errors?.length) failures.push(`${c.op}(${c.label}): accepted`);
          else if (!codes.every((code) => CLIENT_CODES.includes(code))) failures.push(`${c.op}(${c.label}): ${codes.join(',')} ${r.errors.map((e) => e.message).join('; ').slice(0, 120)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    // the admin's session survived the run
    expect((await t.graphql(`{ me { id } }`, {}, admin)).errors).toBeUndefined();
  }, 240_000);
});
