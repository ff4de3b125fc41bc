import { INestApplication, INestApplicationContext, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@parley/api/platform/config';
import { dataSourceOptions, startEmbeddedPostgres } from '@parley/api/platform/database';
import { DomainExceptionFilter } from '@parley/api/platform/graphql';
import { WsUpgradeRouter } from '@parley/api/platform/realtime';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { hasAnyWorkspace, seedDemoWorkspace } from '../seed/demo-seed';
import { AppModule } from './app.module';
import { entities } from './entities';
import { installChannelWebhookBody } from './channel-webhook-body';
import { installGraphqlBodyLimit } from './graphql-body-limit';
import { installGraphqlWs } from './graphql-ws';
import { installStaticFiles } from './static-files';

const MIGRATION_LOCK = 7_283_001;

/** The database URL to use: DATABASE_URL, or an embedded PostgreSQL started now. */
export async function resolveDatabase(config: AppConfig): Promise<{ url: string; stop: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const log = new NestLogger('EmbeddedPostgres');
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const pg = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, (line) => verbose && line && log.debug(line));
  log.log(`embedded PostgreSQL running on 127.0.0.1:${config.embeddedPgPort}, data in ${config.dataDir}/pg`);
  return pg;
}

/** Runs pending migrations under an advisory lock (several replicas may start at once). */
export async function migrate(databaseUrl: string, options: { seedDemo: boolean }): Promise<{ seeded: boolean }> {
  const ds = new DataSource(dataSourceOptions({ url: databaseUrl, entities, migrations, poolSize: 2 }));
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
    let seeded = false;
    if (options.seedDemo && !(await hasAnyWorkspace(ds))) {
      await seedDemoWorkspace(ds);
      seeded = true;
    }
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return { seeded };
  } finally {
    await lock.release();
    await ds.destroy();
  }
}

export async function createApiApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // no "X-Powered-By: Express" on every answer: it only tells an attacker what to try
  app.disable('x-powered-by');
  installGraphqlBodyLimit(app);
  installChannelWebhookBody(app);
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true, stopAtFirstError: false }));
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  installStaticFiles(app, config.staticDir);
  await app.init();
  app.get(WsUpgradeRouter).attach(app.getHttpServer());
  installGraphqlWs(app);
  return app;
}

export async function createWorkerContext(config: AppConfig, databaseUrl: string): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl }), { bufferLogs: true });
  ctx.useLogger(ctx.get(Logger));
  ctx.enableShutdownHooks();
  return ctx;
}
