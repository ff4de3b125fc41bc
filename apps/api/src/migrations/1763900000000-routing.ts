import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4 routing (SPEC B3–B6): operator groups (departments) and their members, a conversation's
 * group, operator status / chat limit / working hours, the workspace's auto-assignment strategy
 * and the moment a conversation was first taken (time-to-take for queue estimates).
 */
export class Routing1763900000000 implements MigrationInterface {
  name = 'Routing1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operator_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX operator_groups_name_key ON operator_groups (workspace_id, lower(name));

      CREATE TABLE operator_group_members (
        group_id uuid NOT NULL REFERENCES operator_groups(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, operator_id)
      );
      CREATE INDEX operator_group_members_operator_idx ON operator_group_members (operator_id, group_id);

      ALTER TABLE operators
        ADD COLUMN status text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'away', 'invisible', 'offline')),
        ADD COLUMN max_chats integer CHECK (max_chats IS NULL OR max_chats >= 0),
        ADD COLUMN working_hours jsonb,
        ADD COLUMN working_hours_inside boolean,
        ADD COLUMN last_assigned_at timestamptz(3);

      ALTER TABLE workspaces
        ADD COLUMN auto_assign text NOT NULL DEFAULT 'off' CHECK (auto_assign IN ('off', 'round_robin', 'least_busy'));

      ALTER TABLE conversations
        ADD COLUMN group_id uuid REFERENCES operator_groups(id) ON DELETE SET NULL,
        ADD COLUMN taken_at timestamptz(3);
      -- the queue of one group in arrival order (positions, auto-assignment)
      CREATE INDEX conversations_group_queue_idx ON conversations (workspace_id, group_id, created_at, id)
        WHERE status = 'queued' AND assignee_id IS NULL AND deleted_at IS NULL;
      -- an operator's open chats (limits, least busy)
      CREATE INDEX conversations_assignee_open_idx ON conversations (assignee_id) WHERE status IN ('open', 'pending') AND deleted_at IS NULL;
      -- recent time-to-take (queue estimates)
      CREATE INDEX conversations_taken_idx ON conversations (workspace_id, taken_at DESC) WHERE taken_at IS NOT NULL;

      CREATE FUNCTION conversations_taken_at() RETURNS trigger AS $$
      BEGIN
        IF NEW.assignee_id IS NOT NULL AND OLD.assignee_id IS NULL AND NEW.taken_at IS NULL THEN
          NEW.taken_at := now();
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER conversations_taken_at BEFORE UPDATE OF assignee_id ON conversations
        FOR EACH ROW EXECUTE FUNCTION conversations_taken_at();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER conversations_taken_at ON conversations;
      DROP FUNCTION conversations_taken_at();
      DROP INDEX conversations_taken_idx;
      DROP INDEX conversations_assignee_open_idx;
      DROP INDEX conversations_group_queue_idx;
      ALTER TABLE conversations DROP COLUMN taken_at, DROP COLUMN group_id;
      ALTER TABLE workspaces DROP COLUMN auto_assign;
      ALTER TABLE operators DROP COLUMN last_assigned_at, DROP COLUMN working_hours_inside, DROP COLUMN working_hours, DROP COLUMN max_chats, DROP COLUMN status;
      DROP TABLE operator_group_members;
      DROP TABLE operator_groups;
    `);
  }
}
