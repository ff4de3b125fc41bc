import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
// jest's globalSetup runs outside the module mapper, so the library is reached by path
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres } from '../../../../libs/api/platform/database/src/lib/embedded-postgres';

/**
 * Integration tests run against real PostgreSQL: the server in DATABASE_URL (CI), or an embedded
 * one started here for the whole run. Each test file then creates its own database.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) {
    process.env['PARLEY_TEST_ADMIN_URL'] = process.env['DATABASE_URL'];
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = 55000 + Math.floor(Math.random() * 3000);
  const pg = await startEmbeddedPostgres(dir, port);
  process.env['PARLEY_TEST_ADMIN_URL'] = pg.url;
  (globalThis as { __PARLEY_PG__?: { stop(): Promise<void>; dir: string } }).__PARLEY_PG__ = { stop: pg.stop, dir };
}
