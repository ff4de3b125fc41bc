import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { inputErrors } from './input-guard';
import { findNulString } from './validation-rules';

/**
 * Refuses, before any resolver runs, variables holding a string with NUL (\u0000): PostgreSQL
 * text cannot store it, so every string input is checked here once (literals are checked by
 * the noNulStringRule validation rule); then every argument's ID values must be UUIDs (inputErrors,
 * shared with graphql-ws).
 */
export const requestGuardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, schema, document }) {
        const path = findNulString(request.variables ?? {});
        if (path) {
          throw new GraphQLError(`Text must not contain NUL (\\u0000) characters (variable ${path.join('.') || '(root)'}).`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
        // ID arguments are UUIDs, no NUL in any string argument (literal or variable): see inputErrors
        const [error] = inputErrors(schema, document, request.operationName, request.variables);
        if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
      },
    };
  },
};
