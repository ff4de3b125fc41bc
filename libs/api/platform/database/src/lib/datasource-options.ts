import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface ParleyDataSourceInput {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/** TypeORM options shared by the app, the seed command and tests. `synchronize` is never on. */
export function dataSourceOptions(input: ParleyDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: input.entities,
    migrations: input.migrations,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // failed queries surface as exceptions; expected ones (unique violations) must not spam the log
    logging: false,
    extra: { max: input.poolSize ?? 20 },
  };
}
