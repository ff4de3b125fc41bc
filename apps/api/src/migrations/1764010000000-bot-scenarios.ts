import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC C9/D2: bot scenarios per workspace, and the bot's place in a conversation: status `bot`
 * (not in the queue, not auto-assigned) with the scenario and the step it waits at.
 */
export class BotScenarios1764010000000 implements MigrationInterface {
  name = 'BotScenarios1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bot_scenarios (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bot_scenarios_workspace_idx ON bot_scenarios (workspace_id, name, id)`);
    await q.query(`ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_status_check`);
    await q.query(`ALTER TABLE conversations ADD CONSTRAINT conversations_status_check CHECK (status IN ('queued', 'bot', 'open', 'pending', 'closed'))`);
    await q.query(`ALTER TABLE conversations ADD COLUMN bot_scenario_id uuid NULL REFERENCES bot_scenarios(id) ON DELETE SET NULL, ADD COLUMN bot_step_id text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE conversations SET status = 'queued' WHERE status = 'bot'`);
    await q.query(`ALTER TABLE conversations DROP COLUMN bot_scenario_id, DROP COLUMN bot_step_id`);
    await q.query(`ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_status_check`);
    await q.query(`ALTER TABLE conversations ADD CONSTRAINT conversations_status_check CHECK (status IN ('queued', 'open', 'pending', 'closed'))`);
    await q.query(`DROP TABLE bot_scenarios`);
  }
}
