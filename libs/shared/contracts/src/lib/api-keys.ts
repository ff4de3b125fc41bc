/**
 * Issue #15: workspace API keys. A key is `prl_` + 43 base64url characters (32 random bytes);
 * the server keeps only its SHA-256 and shows the plaintext once, when an admin creates it.
 */
export enum ApiKeyScope {
  /** Queries (GraphQL) and the REST reads. */
  read = 'read',
  /** Mutations (GraphQL) and the REST writes (cart update, contact upsert). */
  write = 'write',
}

export const API_KEY_SCOPES: readonly ApiKeyScope[] = Object.values(ApiKeyScope);

/** Every workspace API key starts with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_KEY_PREFIX = 'prl_';

/** Characters of a key shown in the list to tell keys apart (the prefix and the first random ones). */
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;

export const API_KEY_NAME_MAX = 100;

/** Keys one workspace may hold that are not revoked. */
export const API_KEYS_MAX_ACTIVE = 50;
