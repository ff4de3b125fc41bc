import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { GraphQLSchemaHost, registerEnumType } from '@nestjs/graphql';
import { GraphQLSchema, isEnumType } from 'graphql';

/** Names of the enums registered by registerCheckedEnumType. */
const checkedEnums = new Set<string>();

/** `{ value: value }` for a closed list of strings (a `const` list of the shared contracts), for registerEnumType. */
export function enumOf<const T extends readonly string[]>(values: T): { [K in T[number]]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
}

/**
 * Registers a closed set of strings as a GraphQL enum with the same values on the wire (each name is
 * its value), for a field whose values a domain validator already checks with a field-level message.
 * An unknown value sent in a variable reaches that validator (BAD_USER_INPUT naming the field as the
 * form shows it: `extensions.field` / `fieldErrors`) instead of graphql-js's coercion error without the
 * field: see acceptCheckedEnumVariables. A literal in the document is still refused by GraphQL
 * validation (GRAPHQL_VALIDATION_FAILED); outputs are serialised as strictly as any enum.
 */
export function registerCheckedEnumType(ref: Record<string, string>, options: { name: string; description?: string }): void {
  if (Object.entries(ref).some(([name, value]) => name !== value)) throw new Error(`enum ${options.name}: every name must be its own value`);
  registerEnumType(ref, options);
  checkedEnums.add(options.name);
}

/**
 * The enums of registerCheckedEnumType let an unknown string in a variable through to the resolver
 * (whose validator refuses it); anything else is coerced as usual. Changes the enum types of the
 * final schema in place, so Apollo and graphql-ws (both on GraphQLSchemaHost's schema) agree.
 */
export function acceptCheckedEnumVariables(schema: GraphQLSchema): GraphQLSchema {
  for (const name of checkedEnums) {
    const type = schema.getType(name);
    if (!isEnumType(type)) continue;
    const strict = type.parseValue.bind(type);
    type.parseValue = (value: unknown) => (typeof value === 'string' && !type.getValue(value) ? value : strict(value));
  }
  return schema;
}

/**
 * Applies acceptCheckedEnumVariables to the served schema once it is built (a provider of the API's
 * root module; `transformSchema` would not do: the schema is re-created by sorting after it).
 */
@Injectable()
export class CheckedEnumVariables implements OnApplicationBootstrap {
  constructor(private readonly host: GraphQLSchemaHost) {}

  onApplicationBootstrap(): void {
    acceptCheckedEnumVariables(this.host.schema);
  }
}
