import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10: the generic parts every channel kind shares.
 * - `channel_message_refs`: the provider's id of each message that came in or went out on a
 *   channel. Its key makes inbound idempotent (a webhook delivered twice, a mail fetched twice is
 *   stored once), and it is how a reply is threaded (e-mail References, a messenger's reply-to) and
 *   how a provider's status callback finds the message. `threaded_by` says why an inbound message
 *   went to its conversation (shown to agents), `automated` marks an auto-reply, bulk mail or bounce.
 * - `messages.html` (sanitised HTML where the channel has it), `messages.delivery_status` and
 *   `delivery_error` (an outbound message's state on its channel: queued < sent < delivered < read,
 *   or failed with the reason; null for messages that are not sent anywhere).
 * - `conversations.subject`: an e-mail thread's subject.
 * - `channels.type` is any adapter's kind (a lower-case word), no longer a closed list: a new
 *   channel kind is a new library, not a migration.
 */
export class ChannelFramework1765100000000 implements MigrationInterface {
  name = 'ChannelFramework1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_message_refs (
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 998),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        threaded_by text CHECK (threaded_by IN ('reply', 'open', 'new')),
        automated text CHECK (automated IN ('auto-reply', 'bulk', 'bounce')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, external_id)
      );
      CREATE INDEX channel_message_refs_message_idx ON channel_message_refs (message_id);
      CREATE INDEX channel_message_refs_conversation_idx ON channel_message_refs (conversation_id, created_at DESC);
      ALTER TABLE messages
        ADD COLUMN html text,
        ADD COLUMN delivery_status text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
        ADD COLUMN delivery_error text;
      ALTER TABLE conversations ADD COLUMN subject text CHECK (length(subject) <= 998);
      ALTER TABLE channels DROP CONSTRAINT IF EXISTS channels_type_check;
      ALTER TABLE channels ADD CONSTRAINT channels_type_check CHECK (type ~ '^[a-z][a-z0-9-]{1,31}$');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE channels DROP CONSTRAINT channels_type_check;
      ALTER TABLE channels ADD CONSTRAINT channels_type_check CHECK (type IN ('webchat', 'email', 'telegram', 'whatsapp'));
      ALTER TABLE conversations DROP COLUMN subject;
      ALTER TABLE messages DROP COLUMN html, DROP COLUMN delivery_status, DROP COLUMN delivery_error;
      DROP TABLE channel_message_refs;
    `);
  }
}
