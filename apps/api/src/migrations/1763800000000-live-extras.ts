import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC A6 / A10: read positions on conversations, edit marks on messages. */
export class LiveExtras1763800000000 implements MigrationInterface {
  name = 'LiveExtras1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN visitor_read_seq integer NOT NULL DEFAULT 0 CHECK (visitor_read_seq >= 0),
        ADD COLUMN operator_read_seq integer NOT NULL DEFAULT 0 CHECK (operator_read_seq >= 0);
      ALTER TABLE messages ADD COLUMN edited_at timestamptz;
      -- "the author's last message": newest seq per author within a conversation
      CREATE INDEX messages_author_seq_idx ON messages (conversation_id, author_id, seq DESC);
      -- replay of edited messages to a reconnecting widget
      CREATE INDEX messages_edited_idx ON messages (conversation_id, seq) WHERE edited_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS messages_edited_idx;
      DROP INDEX IF EXISTS messages_author_seq_idx;
      ALTER TABLE messages DROP COLUMN edited_at;
      ALTER TABLE conversations DROP COLUMN visitor_read_seq, DROP COLUMN operator_read_seq;
    `);
  }
}
