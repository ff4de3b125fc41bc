import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { findNulString } from './validation-rules';

/**
 * Refuses, before any resolver runs, variables holding a string with NUL (\u0000): PostgreSQL
 * text cannot store it, so every string input is checked here once (literals are checked by
 * the noNulStringRule validation rule).
 */
export const requestGuardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        const path = findNulString(request.variables ?? {});
        if (path) {
          throw new GraphQLError(`Text must not contain NUL (\\u0000) characters (variable ${path.join('.') || '(root)'}).`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
      },
    };
  },
};
