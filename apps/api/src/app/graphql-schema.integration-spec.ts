import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../testing/test-app';
import { buildSchemaSdl, providerClasses } from './graphql-schema';

/** Issue #9: the committed apps/api/schema.gql is the schema the running API serves. */
describe('the committed GraphQL schema (apps/api/schema.gql)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => t?.stop());

  it('is what `npm run schema` builds without a database, and what the running API serves', async () => {
    const committed = readFileSync(join(__dirname, '../../schema.gql'), 'utf8');
    const built = await buildSchemaSdl();
    expect(built).toBe(committed);
    const { schema } = t.app.get(GraphQLSchemaHost);
    expect(committed.endsWith(printSchema(lexicographicSortSchema(schema)))).toBe(true);
  });

  it('finds the resolvers in a module tree without creating a provider', () => {
    class Leaf {}
    class Root {}
    Reflect.defineMetadata('providers', [Leaf, { provide: 'x', useValue: 1 }], Root);
    const dynamic = { module: class Dyn {}, providers: [{ provide: 'y', useClass: Root }], imports: [Root, { forwardRef: () => Root }] };
    expect(providerClasses(dynamic)).toEqual(expect.arrayContaining([Leaf, Root]));
    expect(providerClasses(dynamic)).toHaveLength(2);
  });
});
