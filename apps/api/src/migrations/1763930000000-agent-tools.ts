import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4 (SPEC A8, A11, B7, merge): quick replies, private notes with @mentions and the operator
 * notifications they raise, conversation participants (invite) and merging conversations.
 *
 * Notes live in their own table, not in `messages`: no visitor-facing path (socket replay, read
 * marks, e-mail, transcripts for the visitor) reads it, and the visitor's gapless `seq` is
 * untouched. `after_seq` places a note in the operator's thread after that message.
 * `conversations.participant_ids` mirrors `conversation_participants` (written in the same
 * transaction) so the visibility rule works on a conversation row or snapshot alone.
 */
export class AgentTools1763930000000 implements MigrationInterface {
  name = 'AgentTools1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quick_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        -- NULL: shared by the workspace; else the personal reply of this operator
        owner_id uuid REFERENCES operators(id) ON DELETE CASCADE,
        shortcut text NOT NULL,
        body text NOT NULL,
        created_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX quick_replies_shortcut_key
        ON quick_replies (workspace_id, COALESCE(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), shortcut);
      CREATE INDEX quick_replies_list_idx ON quick_replies (workspace_id, shortcut, id);

      CREATE TABLE conversation_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        after_seq int NOT NULL,
        client_id text,
        author_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        author_name text,
        body text NOT NULL,
        mentioned_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT conversation_notes_client_id_key UNIQUE (conversation_id, client_id)
      );
      CREATE INDEX conversation_notes_thread_idx ON conversation_notes (conversation_id, after_seq, created_at, id);

      CREATE TABLE conversation_participants (
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        invited_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, operator_id)
      );
      CREATE INDEX conversation_participants_operator_idx ON conversation_participants (operator_id);

      ALTER TABLE conversations
        ADD COLUMN participant_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN merged_into_id uuid REFERENCES conversations(id) ON DELETE SET NULL;
      CREATE INDEX conversations_participants_idx ON conversations USING gin (participant_ids);
      -- the client timeline in the CRM panel: one contact's conversations, newest first
      CREATE INDEX conversations_contact_activity_idx ON conversations (workspace_id, contact_id, last_message_at DESC, id DESC) WHERE deleted_at IS NULL;

      CREATE TABLE operator_notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        kind text NOT NULL,
        conversation_id uuid REFERENCES conversations(id) ON DELETE CASCADE,
        note_id uuid REFERENCES conversation_notes(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        actor_name text,
        preview text,
        read_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX operator_notifications_list_idx ON operator_notifications (operator_id, created_at DESC, id DESC);
      CREATE INDEX operator_notifications_unread_idx ON operator_notifications (operator_id) WHERE read_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE operator_notifications;
      DROP INDEX conversations_contact_activity_idx;
      DROP INDEX conversations_participants_idx;
      ALTER TABLE conversations DROP COLUMN merged_into_id, DROP COLUMN participant_ids;
      DROP TABLE conversation_participants;
      DROP TABLE conversation_notes;
      DROP TABLE quick_replies;
    `);
  }
}
