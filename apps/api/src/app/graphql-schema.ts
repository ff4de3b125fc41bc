import { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { loadConfig } from '@parley/api/platform/config';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from './app.module';
import { GRAPHQL_BUILD_SCHEMA_OPTIONS } from './graphql-schema-options';

/** The header @nestjs/graphql writes on top of an autoSchemaFile; kept so both outputs are the same file. */
const SDL_HEADER = '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# ------------------------------------------------------\n\n';

type ModuleRef = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule>;

/**
 * Every provider class of a module tree, found the way Nest's ResolversExplorerService finds them
 * (all providers; GraphQLSchemaFactory keeps the resolvers among them), without creating any
 * provider: no database, Redis or queue is touched.
 */
export function providerClasses(root: ModuleRef): Array<Type<unknown>> {
  const seen = new Set<unknown>();
  const found = new Set<Type<unknown>>();
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref || seen.has(ref) || ref instanceof Promise) return;
    seen.add(ref);
    if ('forwardRef' in ref && typeof ref.forwardRef === 'function') return visit(ref.forwardRef());
    const dynamic = typeof ref === 'function' ? undefined : (ref as DynamicModule);
    const cls = typeof ref === 'function' ? ref : dynamic?.module;
    const imports = [...((cls && Reflect.getMetadata('imports', cls)) ?? []), ...(dynamic?.imports ?? [])] as ModuleRef[];
    const providers = [...((cls && Reflect.getMetadata('providers', cls)) ?? []), ...(dynamic?.providers ?? [])] as Provider[];
    for (const provider of providers) {
      if (typeof provider === 'function') found.add(provider);
      else if ('useClass' in provider && provider.useClass) found.add(provider.useClass);
    }
    if (cls) seen.add(cls);
    for (const imported of imports) visit(imported);
  };
  visit(root);
  return [...found];
}

/** The API's GraphQL schema as SDL, sorted (what the running API writes with PARLEY_SCHEMA_FILE). */
export async function buildSchemaSdl(): Promise<string> {
  // only the module tree is read (no provider is created); the 'api' mode has every resolver
  const config = loadConfig({ NODE_ENV: 'development' }, []);
  const resolvers = providerClasses(AppModule.forRoot({ config, databaseUrl: 'postgres://unused' }));
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(resolvers, GRAPHQL_BUILD_SCHEMA_OPTIONS);
    return SDL_HEADER + printSchema(lexicographicSortSchema(schema));
  } finally {
    await app.close();
  }
}
