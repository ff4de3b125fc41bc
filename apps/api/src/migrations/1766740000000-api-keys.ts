import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #15: workspace API keys. A shop's server calls the GraphQL API and the small REST surface
 * with one (`Authorization: Bearer prl_…` or `X-Api-Key`). Only the SHA-256 of the key is kept
 * (`key_hash`, unique: a request's key is found by its hash); the plaintext is shown once, when
 * an admin creates it. `prefix` is its first characters, for telling keys apart in the list.
 * `scopes`: 'read' (queries) and/or 'write' (mutations and the REST writes). A revoked key
 * (`revoked_at`) is refused on its next request — every request reads the row, nothing caches it.
 * `last_used_at` is written at most once a minute per key.
 */
export class ApiKeys1766740000000 implements MigrationInterface {
  name = 'ApiKeys1766740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL CHECK (length(prefix) BETWEEN 4 AND 20),
        key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 2 AND scopes <@ ARRAY['read', 'write']::text[]),
        created_by uuid NOT NULL REFERENCES operators(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES operators(id)
      )
    `);
    await q.query(`CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS api_keys`);
  }
}
