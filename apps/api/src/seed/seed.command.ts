import { dataSourceOptions } from '@parley/api/platform/database';
import { DataSource } from 'typeorm';
import { entities } from '../app/entities';
import { migrations } from '../migrations';
import { DEMO_LOGINS, DEMO_PASSWORD, hasAnyWorkspace, resetDatabase, seedDemoWorkspace } from './demo-seed';

/** `npm run seed` seeds an empty database; `npm run seed -- --reset` wipes every workspace first. */
export async function runSeedCommand(databaseUrl: string, reset: boolean): Promise<void> {
  const ds = new DataSource(dataSourceOptions({ url: databaseUrl, entities, migrations, poolSize: 2 }));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    if (reset) await resetDatabase(ds);
    else if (await hasAnyWorkspace(ds)) {
      console.log('The database already holds a workspace; use `npm run seed -- --reset` to rebuild the demo.');
      return;
    }
    await seedDemoWorkspace(ds);
    console.log(`Demo workspace seeded. Logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => l.email).join(', ')}`);
  } finally {
    await ds.destroy();
  }
}
