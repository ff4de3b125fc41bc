import { BuildSchemaOptions } from '@nestjs/graphql';
import { StrictDateTime } from '@parley/api/platform/graphql';

/** The code-first schema's build options, shared by the running API (app.module.ts) and `npm run schema` (graphql-schema.ts). */
export const GRAPHQL_BUILD_SCHEMA_OPTIONS: BuildSchemaOptions = {
  // DateTime input must be a real ISO 8601 date-time (BAD_USER_INPUT otherwise)
  scalarsMap: [{ type: Date, scalar: StrictDateTime }],
};
