import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #4 (SPEC A4, A5): inbox views, priority, snooze, conversation tags and saved filters.
 *
 * Every list is keyset-paged over (last_message_at DESC, id DESC) behind `workspace_id` and the
 * column of its view or filter, so the first page and a page 100,000 rows deep cost the same.
 * Unread counts read a partial index that holds only unread, live conversations (usually a small
 * share of the table), so counting stays an index-only scan of that share.
 */
export class InboxViews1763920000000 implements MigrationInterface {
  name = 'InboxViews1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        ADD COLUMN snoozed_until timestamptz(3);

      -- views: live (not snoozed, not deleted) conversations by last activity, per view column
      CREATE INDEX conversations_live_activity_idx ON conversations (workspace_id, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL;
      CREATE INDEX conversations_live_status_idx ON conversations (workspace_id, status, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL;
      CREATE INDEX conversations_live_assignee_idx ON conversations (workspace_id, assignee_id, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL;
      -- Mine: the caller's open work (most rows are closed, so this stays small and the page is a short walk)
      CREATE INDEX conversations_mine_idx ON conversations (workspace_id, assignee_id, last_message_at DESC, id DESC)
        WHERE status <> 'closed' AND deleted_at IS NULL AND snoozed_until IS NULL;
      -- filters
      CREATE INDEX conversations_channel_activity_idx ON conversations (workspace_id, channel_id, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL;
      CREATE INDEX conversations_priority_activity_idx ON conversations (workspace_id, priority, last_message_at DESC, id DESC)
        WHERE deleted_at IS NULL AND snoozed_until IS NULL;
      -- the snoozed view and the wake-up job
      CREATE INDEX conversations_snoozed_idx ON conversations (workspace_id, snoozed_until) WHERE snoozed_until IS NOT NULL AND deleted_at IS NULL;
      -- unread counts: only unread live conversations are in this index
      CREATE INDEX conversations_unread_idx ON conversations (workspace_id, status, assignee_id)
        WHERE last_seq > operator_read_seq AND deleted_at IS NULL AND snoozed_until IS NULL;

      -- SPEC A4 tags: one workspace tag table (contacts had none), conversations link to it
      CREATE TABLE tags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX tags_workspace_name_key ON tags (workspace_id, lower(name));

      CREATE TABLE conversation_tags (
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        tag_id uuid NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, tag_id)
      );
      CREATE INDEX conversation_tags_tag_idx ON conversation_tags (tag_id, conversation_id);

      CREATE TABLE saved_filters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        view text NOT NULL,
        filter jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX saved_filters_operator_name_key ON saved_filters (operator_id, lower(name));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE saved_filters;
      DROP TABLE conversation_tags;
      DROP TABLE tags;
      DROP INDEX conversations_unread_idx;
      DROP INDEX conversations_snoozed_idx;
      DROP INDEX conversations_priority_activity_idx;
      DROP INDEX conversations_channel_activity_idx;
      DROP INDEX conversations_mine_idx;
      DROP INDEX conversations_live_assignee_idx;
      DROP INDEX conversations_live_status_idx;
      DROP INDEX conversations_live_activity_idx;
      ALTER TABLE conversations DROP COLUMN snoozed_until, DROP COLUMN priority;
    `);
  }
}
