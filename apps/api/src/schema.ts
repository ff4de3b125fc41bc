import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchemaSdl } from './app/graphql-schema';

/**
 * Writes the API's GraphQL schema to apps/api/schema.gql (`npm run schema`), or with --check fails
 * when the committed file differs from what the code builds (CI). Needs no database.
 */
async function main(): Promise<void> {
  const file = resolve(__dirname, '../schema.gql');
  const sdl = await buildSchemaSdl();
  if (process.argv.includes('--check')) {
    const committed = (() => { try { return readFileSync(file, 'utf8'); } catch { return ''; } })();
    if (committed !== sdl) {
      console.error('apps/api/schema.gql is stale: the code builds another schema. Run `npm run schema` and commit the file.');
      process.exit(1);
    }
    console.log('apps/api/schema.gql is up to date');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
