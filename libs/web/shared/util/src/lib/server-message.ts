import { describeError, GraphqlRequestError, NETWORK_ERROR } from './graphql-error';

/**
 * The API's own sentence for admin and profile errors ("The workspace needs at least one active
 * admin", "The current password is wrong"…), which say more than the generic describeError text.
 */
export function serverMessage(error: unknown): string {
  if (error instanceof GraphqlRequestError && error.code !== NETWORK_ERROR && error.code !== 'INTERNAL' && error.message) return error.message;
  return describeError(error);
}

/** "Anna Nowak" → "AN": shown when an operator has no avatar. */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p[0]!.toUpperCase())
      .join('') || '?'
  );
}
