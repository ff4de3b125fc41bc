import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 3 loose ends.
 * - SPEC C3: `visitors.prechat_answered_at` — the visitor answered the pre-chat form once (optional
 *   fields left empty are not asked again on later pages).
 * - SPEC A9: uploaded files are cleaned up. An attachment row that goes away — by the cleanup of
 *   uploads never sent, or by cascade when a deleted conversation is purged — leaves its storage
 *   key in `attachment_file_deletions` (trigger), and the cleanup job removes the file from disk.
 *   No foreign key there: the workspace may be gone by then.
 */
export class WebchatLooseEnds1764020000000 implements MigrationInterface {
  name = 'WebchatLooseEnds1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visitors ADD COLUMN prechat_answered_at timestamptz(3);

      CREATE INDEX attachments_unclaimed_idx ON attachments (created_at) WHERE message_id IS NULL;

      CREATE TABLE attachment_file_deletions (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL,
        storage_key text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE FUNCTION attachment_file_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO attachment_file_deletions (workspace_id, storage_key) VALUES (OLD.workspace_id, OLD.storage_key);
        RETURN OLD;
      END $$;

      CREATE TRIGGER attachments_file_deletion AFTER DELETE ON attachments
        FOR EACH ROW EXECUTE FUNCTION attachment_file_deletion();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER attachments_file_deletion ON attachments;
      DROP FUNCTION attachment_file_deletion();
      DROP TABLE attachment_file_deletions;
      DROP INDEX attachments_unclaimed_idx;
      ALTER TABLE visitors DROP COLUMN prechat_answered_at;
    `);
  }
}
