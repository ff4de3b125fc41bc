/** Issue #15: Settings › API keys — list, create (the key shown once), revoke, and live changes. */
const API_KEY_FIELDS = 'id name prefix scopes createdById createdByName createdAt lastUsedAt revokedAt revokedByName';

export const API_KEYS = `query ApiKeys { apiKeys { ${API_KEY_FIELDS} } }`;
export const CREATE_API_KEY = `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${API_KEY_FIELDS} } } }`;
export const REVOKE_API_KEY = `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${API_KEY_FIELDS} } }`;
export const API_KEYS_CHANGED = `subscription ApiKeysChanged { apiKeysChanged }`;
