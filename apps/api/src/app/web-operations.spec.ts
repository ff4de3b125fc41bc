import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { costLimitRule, depthLimitRule } from '@parley/api/platform/graphql';

/**
 * Every GraphQL operation the web app sends (each web library's *operations.ts) passes the
 * server's validation as served: the committed schema, the depth limit and the cost limit
 * (a page of orders with every field once asked for more than the API allows, and the widget
 * showed "too costly" instead of the orders).
 */
const root = resolve(__dirname, '../../../..');
const files = (readdirSync(join(root, 'libs/web'), { recursive: true }) as string[]).filter((f) => f.endsWith('operations.ts')).map((f) => join(root, 'libs/web', f));
const schema = buildSchema(readFileSync(join(root, 'apps/api/schema.gql'), 'utf8'));
// the codegen's loader: evaluates an operations module (esbuild, the workspace's aliases) exactly as the app sends its documents
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { exportedDocuments } = require(join(root, 'tools/graphql-codegen/operations.cjs')) as { exportedDocuments(file: string): Array<{ exportName: string; text: string }> };
const rules = [...specifiedRules, depthLimitRule(), costLimitRule()];

describe('the web app’s GraphQL operations', () => {
  it('finds the operation files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s: every operation is valid, within depth and cost', (_name, file) => {
    const docs = exportedDocuments(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const { exportName: name, text } of docs) {
      const errors = validate(schema, parse(text), rules).map((e) => e.message);
      expect({ name, errors }).toEqual({ name, errors: [] });
    }
  });
});
