/**
 * The API as its own Node process, for tests that kill it (`kill -9`) and start it again:
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/src/testing/api-child.ts`
 * with the app's environment (DATABASE_URL, REDIS_URL, SMTP_URL, …). Prints `LISTENING <port>` once it serves.
 */
import { loadConfig } from '@parley/api/platform/config';
import { createApiApp } from '../app/bootstrap';

async function main(): Promise<void> {
  const config = loadConfig(process.env, ['node', 'main.js']);
  const app = await createApiApp(config, config.databaseUrl as string);
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`LISTENING ${app.getHttpServer().address().port}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
