import {
  ASTVisitor,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
  VariableDefinitionNode,
} from 'graphql';

/** Error codes of the document-level limits (also in `extensions.code`). */
export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
export const QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY';
export const PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE';

export interface QueryLimits {
  /** Deepest field nesting an operation may have (`{ a { b } }` is 2); graphql-js's own introspection query is 14. */
  maxDepth: number;
  /** Highest static cost an operation may have (see {@link operationCost}). */
  maxCost: number;
  /** Multiplier for a page argument given as a variable without a default (the largest page the API serves). */
  maxPage: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 15, maxCost: 5_000, maxPage: 100 };

/** Arguments that size a list or connection: the field's children cost that many times. */
const PAGE_ARGS = ['first', 'last', 'limit'];

type Fragments = Map<string, FragmentDefinitionNode>;

function fragmentsOf(context: ValidationContext): Fragments {
  const map: Fragments = new Map();
  for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  return map;
}

/** Depth of a selection set, fragments expanded (cycles are another rule's error: counted once). */
function depthOf(set: SelectionSetNode | undefined, fragments: Fragments, seen: Set<string>, limit: number, at = 0): number {
  if (!set || at > limit) return at;
  let max = at;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === '__typename') continue;
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen, limit, at + 1));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen, limit, at));
    } else {
      const frag = fragments.get(sel.name.value);
      if (!frag || seen.has(frag.name.value)) continue;
      seen.add(frag.name.value);
      max = Math.max(max, depthOf(frag.selectionSet, fragments, seen, limit, at));
      seen.delete(frag.name.value);
    }
    if (max > limit) return max;
  }
  return max;
}

function intValue(node: ValueNode | undefined | null, variables: Map<string, VariableDefinitionNode>, maxPage: number): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Math.min(Math.max(Number(node.value), 0), maxPage);
  if (node.kind === Kind.VARIABLE) {
    const def = variables.get(node.name.value)?.defaultValue;
    return def && def.kind === Kind.INT ? Math.min(Math.max(Number(def.value), 0), maxPage) : maxPage;
  }
  return undefined;
}

function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/**
 * Static cost of an operation: every field costs 1, and the cost of a field's children is
 * multiplied by its page argument (`first` / `last` / `limit`: the literal, the variable's
 * default, or `maxPage` for a variable without one; the argument's own default when omitted).
 * Aliases count as separate fields, so a thousand aliased copies cost a thousand times.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  limits: Pick<QueryLimits, 'maxCost' | 'maxPage'> = DEFAULT_QUERY_LIMITS,
): number {
  const variables = new Map((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v]));
  const root = schema.getRootType(operation.operation) ?? undefined;
  const seen = new Set<string>();
  const costOf = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) {
          total += 1;
          continue;
        }
        const def = fieldDef(parent, sel.name.value);
        let multiplier = 1;
        for (const argName of PAGE_ARGS) {
          const argDef = def?.args.find((a) => a.name === argName);
          if (!argDef) continue;
          const given = sel.arguments?.find((a) => a.name.value === argName);
          const n = given ? intValue(given.value, variables, limits.maxPage) : typeof argDef.defaultValue === 'number' ? Math.min(argDef.defaultValue, limits.maxPage) : undefined;
          if (n !== undefined) multiplier = Math.max(1, n);
          break;
        }
        const type = def ? getNamedType(def.type) : undefined;
        total += 1 + multiplier * costOf(sel.selectionSet, type && isCompositeType(type) ? type : undefined);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        total += costOf(sel.selectionSet, cond ?? parent);
      } else {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue;
        seen.add(frag.name.value);
        total += costOf(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? parent);
        seen.delete(frag.name.value);
      }
      if (total > limits.maxCost) return total; // enough to refuse; don't walk the rest
    }
    return total;
  };
  return costOf(operation.selectionSet, root);
}

/** Refuses an operation nested deeper than `maxDepth` fields (QUERY_TOO_DEEP). */
export function depthLimitRule(maxDepth = DEFAULT_QUERY_LIMITS.maxDepth): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, fragments, new Set(), maxDepth);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The operation is nested too deeply (more than ${maxDepth} levels).`, { nodes: [node], extensions: { code: QUERY_TOO_DEEP, maxDepth } }),
          );
        }
      },
    };
  };
}

/** Refuses an operation whose static cost exceeds `maxCost` (QUERY_TOO_COSTLY). */
export function costLimitRule(limits: Pick<QueryLimits, 'maxCost' | 'maxPage'> = DEFAULT_QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(node) {
        const cost = operationCost(context.getSchema(), node, fragments, limits);
        if (cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(`The operation is too costly (cost above ${limits.maxCost}); ask for fewer fields, aliases or smaller pages.`, {
              nodes: [node],
              extensions: { code: QUERY_TOO_COSTLY, maxCost: limits.maxCost },
            }),
          );
        }
      },
    };
  };
}

/** Refuses string literals with a NUL character (PostgreSQL text cannot hold one). */
export const noNulStringRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000')) {
      context.reportError(new GraphQLError('Text must not contain NUL (\\u0000) characters.', { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
    }
  },
});

/** The rules every GraphQL operation passes, over HTTP and graphql-ws alike. */
export function graphqlValidationRules(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), costLimitRule(limits), noNulStringRule];
}

/** Whether any string inside `value` (a variables object) contains NUL; returns its path. */
export function findNulString(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulString(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNulString(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Removes graphql-js "Did you mean …?" hints (they list schema names) from an error message. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '').trim();
}
