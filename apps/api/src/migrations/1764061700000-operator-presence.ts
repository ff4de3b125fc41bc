import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17: presence follows the operator's connections. `presence_gone_at`: since when the
 * operator has had no operator-app connection on any API process (null while connected or not yet
 * noticed); `presence_chosen`: the status the operator had chosen while the presence sweep has set
 * them Away or Offline automatically (null: the current status is the operator's own choice).
 */
export class OperatorPresence1764061700000 implements MigrationInterface {
  name = 'OperatorPresence1764061700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operators ADD COLUMN presence_gone_at timestamptz, ADD COLUMN presence_chosen text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operators DROP COLUMN presence_chosen, DROP COLUMN presence_gone_at`);
  }
}
