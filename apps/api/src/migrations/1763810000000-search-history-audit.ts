import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4 (SPEC A4, A12, F4): full-text search over messages and contacts, soft deletion of
 * conversations (purged after a retention period), and the audit log.
 * Search uses the `simple` configuration: the language of a chat is not known.
 */
export class SearchHistoryAudit1763810000000 implements MigrationInterface {
  name = 'SearchHistoryAudit1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
      CREATE INDEX messages_search_idx ON messages USING gin (search_vector);

      ALTER TABLE contacts
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
        ) STORED;
      CREATE INDEX contacts_search_idx ON contacts USING gin (search_vector);

      ALTER TABLE conversations
        ADD COLUMN deleted_at timestamptz(3),
        ADD COLUMN deleted_by uuid REFERENCES operators(id) ON DELETE SET NULL;
      -- the purge job's scan; live lists filter deleted_at IS NULL on top of their own indexes
      CREATE INDEX conversations_deleted_idx ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        actor_name text,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log;
      DROP INDEX conversations_deleted_idx;
      ALTER TABLE conversations DROP COLUMN deleted_by, DROP COLUMN deleted_at;
      DROP INDEX contacts_search_idx;
      ALTER TABLE contacts DROP COLUMN search_vector;
      DROP INDEX messages_search_idx;
      ALTER TABLE messages DROP COLUMN search_vector;
    `);
  }
}
