import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 3 (SPEC A9): file and image attachments. A file is uploaded first (a row with no
 * message), then claimed by the message that carries it; the message keeps a copy of the
 * attachments' metadata in `messages.attachments` so replays and events need no join.
 * The bytes live on disk under $DATA_DIR/files/<storage_key>.
 */
export class Attachments1763960000000 implements MigrationInterface {
  name = 'Attachments1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid REFERENCES conversations(id) ON DELETE CASCADE,
        message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
        uploader_type text NOT NULL CHECK (uploader_type IN ('visitor', 'operator')),
        uploader_id uuid NOT NULL,
        name text NOT NULL,
        mime text NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf')),
        size integer NOT NULL CHECK (size > 0),
        width integer,
        height integer,
        storage_key text NOT NULL UNIQUE,
        sha256 text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX attachments_message_idx ON attachments (message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX attachments_conversation_idx ON attachments (conversation_id) WHERE conversation_id IS NOT NULL;
      CREATE INDEX attachments_uploader_idx ON attachments (workspace_id, uploader_type, uploader_id, created_at);

      ALTER TABLE messages ADD COLUMN attachments jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages DROP COLUMN attachments;
      DROP TABLE attachments;
    `);
  }
}
