import 'reflect-metadata';
import { ConfigError, loadConfig } from '@parley/api/platform/config';
import { createApiApp, createWorkerContext, migrate, resolveDatabase } from './app/bootstrap';
import { runCreateAdminCommand } from './seed/create-admin.command';
import { runSeedCommand } from './seed/seed.command';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed/demo-seed';

/**
 * Connections waiting to be accepted: a crowd of widgets reconnecting at once (after a deploy or a
 * network blip) arrives faster than one event loop accepts them. The kernel caps it at
 * net.core.somaxconn (docker/compose.yml raises that; see README "Benchmarks").
 */
const LISTEN_BACKLOG = 16384;

/**
 * One build, three commands:
 *   node main.js            the API (GraphQL, visitor gateway, static apps) — and job processors unless RUN_WORKERS=false
 *   node main.js --worker   job processors only
 *   node main.js seed [--reset]                 (refused in production)
 *   node main.js create-admin --email … --workspace … [--name …]   first admin of a fresh install
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const command = process.argv[2] === 'seed' || process.argv[2] === 'create-admin' ? process.argv[2] : 'serve';
  if (command === 'seed' && config.isProduction) {
    console.error('The demo workspace (published password) is never seeded in production; create the first admin with `create-admin`.');
    process.exit(78);
  }
  const db = await resolveDatabase(config);
  const stopDb = async () => db.stop().catch(() => undefined);
  process.once('exit', () => void stopDb());

  if (command === 'seed') {
    await runSeedCommand(db.url, process.argv.includes('--reset'));
    await stopDb();
    return;
  }
  if (command === 'create-admin') {
    const code = await runCreateAdminCommand(db.url, process.argv.slice(3), process.env, process.stdin);
    await stopDb();
    process.exit(code);
  }

  const { seeded } = await migrate(db.url, { seedDemo: config.seedDemo && config.mode === 'api' });

  if (config.mode === 'worker') {
    const ctx = await createWorkerContext(config, db.url);
    console.log(`Parley worker started (${config.describe()})`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void ctx.close().then(stopDb).then(() => process.exit(0)));
    return;
  }

  const app = await createApiApp(config, db.url);
  // Node's default accept backlog (511) overflows when thousands of widgets reconnect at once
  // (after a deploy or a network blip); the kernel caps it at net.core.somaxconn.
  const listen = app.listen.bind(app) as unknown as (port: number, host: string, backlog: number) => Promise<unknown>;
  await listen(config.port, config.host, LISTEN_BACKLOG);
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  console.log(
    [
      '',
      `Parley is running (${config.describe()})`,
      `  operator app   ${url}/`,
      `  demo shop      ${url}/demo`,
      `  GraphQL        ${url}/graphql`,
      `  widget         ${url}/widget.js`,
      ...(seeded ? ['  demo workspace seeded just now'] : []),
      ...(config.seedDemo && !config.isProduction
        ? [`  demo logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => `${l.email} (${l.role})`).join(', ')}`]
        : []),
      '',
    ].join('\n'),
  );
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void app.close().then(stopDb).then(() => process.exit(0)));
  }
}

main().catch((e) => {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  console.error(`Parley failed to start: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env['LOG_LEVEL'] === 'debug' && e instanceof Error) console.error(e.stack);
  process.exit(1);
});
