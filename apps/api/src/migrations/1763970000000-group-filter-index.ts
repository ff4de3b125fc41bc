import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC A4/B3: the inbox's group filter is keyset-paged like the other filters. */
export class GroupFilterIndex1763970000000 implements MigrationInterface {
  name = 'GroupFilterIndex1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX conversations_live_group_idx ON conversations (workspace_id, group_id, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL AND group_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS conversations_live_group_idx`);
  }
}
