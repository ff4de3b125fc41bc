import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10: why the newest edit of a sent message did not reach the client's copy on its channel
 * (Telegram refused editMessageText), shown on the message in the thread; cleared by the next edit
 * and by an edit that went through.
 */
export class MessageEditError1766200001000 implements MigrationInterface {
  name = 'MessageEditError1766200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN edit_error text CHECK (length(edit_error) <= 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN edit_error`);
  }
}
