import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC C9/D2: the sweep that closes chats left waiting at a bot step reads them by last activity. */
export class BotIdleIndex1764030000000 implements MigrationInterface {
  name = 'BotIdleIndex1764030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX conversations_bot_idle_idx ON conversations (last_message_at) WHERE status = 'bot' AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversations_bot_idle_idx`);
  }
}
