import {
  DocumentNode,
  getVariableValues,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** Canonical UUID text (what PostgreSQL prints and every id of this API is). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many input errors one operation reports at most. */
const MAX_ERRORS = 10;

/**
 * Checks every argument value of an operation at the edge, before any resolver runs, over HTTP
 * (requestGuardPlugin) and graphql-ws (graphql-ws.ts) alike — literals and variables, nested input
 * fields and lists included:
 * - a value of type `ID` (argument or input field) must be a UUID: every `ID` input of this API is
 *   one (free-form ids, such as a bot scenario's step ids, are typed `String`);
 * - no string may contain NUL (\u0000): PostgreSQL text cannot hold it.
 * Each error is BAD_USER_INPUT and names the argument in its message and `extensions.argument`
 * (`filter.channelId`; list items by index: `input.conversationIds.0`).
 * Variables that do not coerce to their declared types are left to graphql-js's own error.
 */
export function inputErrors(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError[] {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return [];
  const values = coerced.coerced;
  const errors: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  const report = (message: string, argument: string) => {
    if (errors.length < MAX_ERRORS) errors.push(new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } }));
  };
  const check = (value: unknown, type: GraphQLInputType, path: string, field: string): void => {
    if (value === null || value === undefined) return;
    if (isNonNullType(type)) return check(value, type.ofType, path, field);
    if (isListType(type)) {
      if (Array.isArray(value)) value.forEach((v, i) => check(v, type.ofType, `${path}.${i}`, field));
      return;
    }
    if (isInputObjectType(type)) {
      const fields = type.getFields();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) if (fields[name]) check(v, fields[name].type, `${path}.${name}`, field);
      return;
    }
    if (typeof value === 'string' && value.includes('\u0000')) return report(`Argument "${path}" of "${field}" must not contain NUL (\\u0000) characters.`, path);
    if (isScalarType(type) && type.name === 'ID' && (typeof value !== 'string' || !UUID_PATTERN.test(value))) {
      report(`Argument "${path}" of "${field}" must be a UUID.`, path);
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Argument: (node) => {
        const arg = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (!arg || !field) return;
        const value = valueFromAST(node.value, arg.type, values);
        if (value !== undefined) check(value, arg.type, arg.name, field.name);
      },
    }),
  );
  return errors;
}
