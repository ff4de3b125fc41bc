import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, Telegram polling mode: per channel, the next getUpdates offset (the update_id after the
 * last one stored). Its row is locked while a poller works on the channel, so one poller polls a
 * channel at a time across every process.
 */
export class TelegramPollState1765400000000 implements MigrationInterface {
  name = 'TelegramPollState1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telegram_poll_state (
        channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
        update_offset bigint NOT NULL DEFAULT 0 CHECK (update_offset >= 0),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telegram_poll_state`);
  }
}
