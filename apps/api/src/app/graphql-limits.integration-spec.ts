import { GraphQLSchemaHost } from '@nestjs/graphql';
import { graphqlValidationRules } from '@parley/api/platform/graphql';
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TestApp } from '../testing/test-app';

/** Every GraphQL document of the operator app (apps/web/src and libs/web), with `${CONSTANT}` parts filled in. */
function webDocuments(): Map<string, string> {
  const roots = [path.resolve(__dirname, '../../../web/src'), path.resolve(__dirname, '../../../../libs/web')];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) files.push(p);
    }
  };
  roots.forEach(walk);
  // constants per file (the same name may mean different fields in two files), then app-wide for imports
  const global = new Map<string, { value: string; local: Map<string, string> }>();
  const perFile = files.map((f) => {
    const local = new Map<string, string>();
    for (const m of readFileSync(f, 'utf8').matchAll(/const ([A-Z][A-Z0-9_]*)\s*=\s*(?:`([^`]*)`|'([^'\n]*)')/g)) {
      local.set(m[1], m[2] ?? m[3]);
      if (/^export /.test(m.input!.slice(Math.max(0, m.index! - 7), m.index))) global.set(m[1], { value: m[2] ?? m[3], local });
    }
    return local;
  });
  const resolve = (s: string, local: Map<string, string>, depth = 0): string => {
    if (depth > 10) throw new Error(`unresolvable interpolation in ${s.slice(0, 80)}`);
    return s.replace(/\$\{\s*([A-Z][A-Z0-9_]*)\s*\}/g, (_m, name: string) => {
      const own = local.get(name);
      if (own !== undefined) return resolve(own, local, depth + 1);
      const imported = global.get(name);
      if (!imported) throw new Error(`unknown constant ${name}`);
      return resolve(imported.value, imported.local, depth + 1);
    });
  };
  const docs = new Map<string, string>();
  perFile.forEach((local, i) => {
    for (const [name, value] of local) if (/^\s*(query|mutation|subscription)\b/.test(value)) docs.set(`${path.basename(files[i])}:${name}`, resolve(value, local));
  });
  return docs;
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('GraphQL cost controls (integration)', () => {
  let t: TestApp;
  let admin: string;
  let observer: string;
  beforeAll(async () => {
    t = await TestApp.start();
    [admin, observer] = await Promise.all(['admin@demo.test', 'olga@demo.test'].map((e) => t.login(e)));
  });
  afterAll(async () => t?.stop());

  it('lets every query, mutation and subscription of the operator app through the rules', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const docs = webDocuments();
    expect(docs.size).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const [name, doc] of docs) {
      const errors = validate(schema, parse(doc), [...specifiedRules, ...graphqlValidationRules()]);
      if (errors.length) failures.push(`${name}: ${errors.map((e) => e.message).join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('accepts the standard introspection query in development', async () => {
    const r = await t.graphql(getIntrospectionQuery(), {}, admin);
    expect(r.errors).toBeUndefined();
  });

  it('refuses a depth-50 query with QUERY_TOO_DEEP before running it', async () => {
    const deep = `{ __type(name: "Query") { ${'fields { type { '.repeat(25)}name${' } }'.repeat(25)} } }`;
    const r = await t.graphql(deep, {}, observer);
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 15 });
    const viaFragments = await t.graphql(
      `query { conversations { nodes { ...A } } } fragment A on Conversation { contact { owner { id } } assignee { ...B } } fragment B on Operator { ${'id '.repeat(2)} }`,
      {},
      admin,
    );
    expect(viaFragments.errors).toBeUndefined();
  });

  it('refuses 1,000 aliases of conversations(first: 100) with QUERY_TOO_COSTLY, and a variable page counts as the largest page', async () => {
    const r = await t.graphql(aliases(1000, 'conversations(first: 100) { nodes { id status } }'), {}, observer);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 5000 });
    // 60 × (1 + 100 × 3) > 5000 when $first is unknown at validation time
    const byVariable = await t.graphql(`query($f: Int) ${aliases(60, 'conversations(first: $f) { nodes { id status } }')}`, { f: 1 }, admin);
    expect(byVariable.errors?.[0].extensions?.['code']).toBe('QUERY_TOO_COSTLY');
    // a page of the real size passes
    const ok = await t.graphql(`{ conversations(first: 100) { nodes { id status contact { name } } pageInfo { hasNextPage } } }`, {}, admin);
    expect(ok.errors).toBeUndefined();
  });

  it('answers a /graphql body over 100 KB with 413 PAYLOAD_TOO_LARGE, and still serves /health', async () => {
    const body = JSON.stringify({ query: aliases(6750, 'me { id }') });
    expect(body.length).toBeGreaterThan(100 * 1024);
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    // 90 KB still reaches GraphQL (and is refused there for its cost, not its size)
    const big = await t.graphql(`{ me { id } }`.padEnd(90 * 1024, ' '), {}, admin);
    expect(big.errors).toBeUndefined();
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('applies the same rules to operations over graphql-ws', async () => {
    const sub = t.subscriptions(admin);
    await sub.connected;
    const errorOf = (query: string) =>
      new Promise<any>((resolve) => sub.client.subscribe({ query }, { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve('complete') }));
    const deep = await errorOf(`subscription { inboxEvent { ${'conversation { contact { owner { '.repeat(6)}id${' } } }'.repeat(6)} } }`);
    expect(deep.map((e: any) => e.extensions?.code)).toContain('QUERY_TOO_DEEP');
    const costly = await errorOf(aliases(1000, 'conversations(first: 100) { nodes { id } }').replace(/^/, 'query '));
    expect(costly.map((e: any) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    await sub.client.dispose();
  });

  it('keeps "Did you mean" hints in development', async () => {
    const r = await t.graphql(`{ conversatons { nodes { id } } }`, {}, admin);
    expect(r.errors?.[0].message).toMatch(/Did you mean/);
  });
});

describe('GraphQL in production (integration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1', CHANNEL_SECRETS_KEY: 'channel-secrets-key-for-the-production-test' });
  });
  afterAll(async () => t?.stop());

  it('gives no "Did you mean" hints and no introspection, over HTTP and graphql-ws', async () => {
    const r = await t.graphql(`{ conversatons { nodes { id } } }`);
    expect(r.errors?.[0].extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).not.toMatch(/Did you mean/);
    const intro = await t.graphql(`{ __schema { types { name } } }`);
    expect(intro.errors?.[0].extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
