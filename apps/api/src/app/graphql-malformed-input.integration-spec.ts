import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { TestApp } from '../testing/test-app';

/** Codes a malformed argument may earn; INTERNAL (a server fault) never. */
const CLIENT_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN'];
/** Operations that end the caller's own session or are another engineer's rate-limited flow. */
const SKIP = new Set(['logout', 'login', 'refreshSession']);

/**
 * String ids that are free-form by design (a bot button's id and target step, BOT_ID_PATTERN): "not-a-uuid" is a
 * valid one. These cases were refused only because the sample button's action was the String "x"; since the action
 * is the BotButtonAction enum the sample button is valid (issue #9).
 */
const FREE_FORM_IDS = new Set(['saveBotScenario:input.steps.buttons.id', 'saveBotScenario:input.steps.buttons.targetStepId']);

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

interface Case {
  op: string;
  label: string;
  variables: Record<string, unknown>;
  /** Refused at the edge (a non-UUID ID, NUL in text): BAD_USER_INPUT naming these (the argument and the field). */
  edge?: string[];
}

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
    for (const bad of malformed(type, name)) {
      if (bad === 'not-a-uuid' && FREE_FORM_IDS.has(`${op}:${label}`)) continue;
      const edge = named.name === 'ID' || (typeof bad === 'string' && bad.includes('\u0000')) ? [label.split('.')[0], name] : undefined;
      out.push({ op, label: `${label}=${JSON.stringify(bad)}`, variables: set(list ? [bad] : bad), edge });
    }
  };
  for (const a of args) visit(a.type, a.name, (v) => ({ ...base, [a.name]: v }), a.name, 0);
  void schema;
  return out;
}

/** The document calling `field` with every argument as a variable. */
function documentFor(kind: string, field: GraphQLField<unknown, unknown>): string {
  const varDefs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} (${varDefs}) { ${field.name}(${call})${selection} }`;
}

/** What is wrong with the answer to a malformed case, or null. */
function judge(c: Case, errors: Array<{ message: string; extensions?: Record<string, any> }> | undefined): string | null {
  const codes = (errors ?? []).map((e) => e.extensions?.['code']);
  if (!errors?.length) return `${c.op}(${c.label}): accepted`;
  if (!codes.every((code) => CLIENT_CODES.includes(code))) return `${c.op}(${c.label}): ${codes.join(',')} ${errors.map((e) => e.message).join('; ').slice(0, 120)}`;
  if (c.edge && !(codes[0] === 'BAD_USER_INPUT' && c.edge.every((name) => errors[0].message.includes(name)))) {
    return `${c.op}(${c.label}): not refused at the edge naming ${c.edge.join('.')}: ${codes[0]} ${errors[0].message.slice(0, 120)}`;
  }
  return null;
}

/** One operation over a graphql-transport-ws socket: the errors of its first result (next or error message). */
async function overSocket(ws: WebSocket, messages: any[], id: string, query: string, variables: Record<string, unknown>): Promise<any[] | undefined> {
  ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  for (let i = 0; i < 500; i++) {
    const m = messages.find((x) => x.id === id && (x.type === 'next' || x.type === 'error' || x.type === 'complete'));
    if (m) {
      if (m.type === 'next') ws.send(JSON.stringify({ id, type: 'complete' }));
      return m.type === 'error' ? m.payload : m.type === 'next' ? m.payload.errors : undefined;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no answer to ${id}`);
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
        const doc = documentFor(kind, field);
        for (const c of cases(schema, field.name, field.args)) {
          sent++;
          const r = await t.graphql(doc, c.variables, admin);
          const failure = judge(c, r.errors);
          if (failure) failures.push(failure);
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

  it('over graphql-ws too: every malformed argument of every Subscription, and every non-UUID ID / NUL text of every Query and Mutation, is a coded client error at the edge', async () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const ws = new WebSocket(`${t.wsUrl}/graphql`, 'graphql-transport-ws');
    const messages: any[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } }));
    for (let i = 0; i < 200 && !messages.some((m) => m.type === 'connection_ack'); i++) await new Promise((r) => setTimeout(r, 10));
    const failures: string[] = [];
    let sent = 0;
    for (const root of [schema.getSubscriptionType()!, schema.getQueryType()!, schema.getMutationType()!]) {
      const kind = root === schema.getSubscriptionType() ? 'subscription' : root === schema.getQueryType() ? 'query' : 'mutation';
      for (const field of Object.values(root.getFields())) {
        if (SKIP.has(field.name) || field.args.length === 0) continue;
        const doc = documentFor(kind, field);
        for (const c of cases(schema, field.name, field.args)) {
          if (kind !== 'subscription' && !c.edge) continue;
          sent++;
          const failure = judge(c, await overSocket(ws, messages, `m${sent}`, doc, c.variables));
          if (failure) failures.push(`ws ${failure}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    // NUL inside a nested variable of a mutation, and a literal non-UUID: refused, nothing stored
    const { conversationId } = await t.visitorWithConversation('nul over ws');
    const nul = await overSocket(ws, messages, 'nul', `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { conversationId, clientId: 'nul-ws', body: 'a\u0000b' } });
    expect(nul?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(nul?.[0].message).toContain('input.body');
    const literal = await overSocket(ws, messages, 'lit', `{ conversation(id: "42") { id } }`, {});
    expect(literal?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(literal?.[0].message).toContain('"id" of "conversation" must be a UUID');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE client_id = 'nul-ws'`))[0].n).toBe(0);
    ws.close();
  }, 240_000);

  it('a valid UUID still reaches the resolver (unknown id: NOT_FOUND), and upper-case UUIDs are accepted', async () => {
    const r = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: randomUUID().toUpperCase() }, admin);
    expect(r.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    const bad = await t.graphql(`query($f: ConversationFilterInput) { conversations(filter: $f, first: 5) { __typename } }`, { f: { channelId: 'nope' } }, admin);
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]).toMatchObject({ message: 'Argument "filter.channelId" of "conversations" must be a UUID.', extensions: { code: 'BAD_USER_INPUT', argument: 'filter.channelId' } });
  });
});
