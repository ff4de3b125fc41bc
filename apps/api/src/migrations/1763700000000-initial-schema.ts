import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: workspaces (tenants) and every domain row carrying its workspace id.
 * Indexes match the lists' filters and keyset order (last activity desc, id desc).
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE TABLE operators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email text NOT NULL,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'observer')),
        avatar_url text,
        sound_enabled boolean NOT NULL DEFAULT true,
        push_enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX operators_email_key ON operators (lower(email));
      CREATE INDEX operators_workspace_idx ON operators (workspace_id, display_name);

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_operator_idx ON refresh_tokens (operator_id);
      CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('webchat', 'email', 'telegram', 'whatsapp')),
        name text NOT NULL,
        public_key text NOT NULL UNIQUE,
        active boolean NOT NULL DEFAULT true,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX channels_workspace_idx ON channels (workspace_id, name);

      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text,
        email text,
        phone text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX contacts_workspace_created_idx ON contacts (workspace_id, created_at DESC, id DESC);
      CREATE INDEX contacts_workspace_email_idx ON contacts (workspace_id, lower(email)) WHERE email IS NOT NULL;
      CREATE INDEX contacts_workspace_phone_idx ON contacts (workspace_id, phone) WHERE phone IS NOT NULL;

      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        sku text NOT NULL,
        name text NOT NULL,
        description text,
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        currency char(3) NOT NULL,
        image_url text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, sku)
      );
      CREATE INDEX products_workspace_name_idx ON products (workspace_id, name, id);

      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id),
        contact_id uuid NOT NULL REFERENCES contacts(id),
        status text NOT NULL CHECK (status IN ('queued', 'open', 'pending', 'closed')),
        assignee_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        last_seq integer NOT NULL DEFAULT 0,
        last_message_at timestamptz(3) NOT NULL DEFAULT now(),
        last_message_preview text,
        closed_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX conversations_activity_idx ON conversations (workspace_id, last_message_at DESC, id DESC);
      CREATE INDEX conversations_status_idx ON conversations (workspace_id, status, last_message_at DESC, id DESC);
      CREATE INDEX conversations_assignee_idx ON conversations (workspace_id, assignee_id, last_message_at DESC, id DESC);
      CREATE INDEX conversations_queue_idx ON conversations (workspace_id, last_message_at DESC, id DESC) WHERE status = 'queued' AND assignee_id IS NULL;
      CREATE INDEX conversations_contact_idx ON conversations (contact_id);

      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        client_id text,
        author_type text NOT NULL CHECK (author_type IN ('visitor', 'operator', 'system')),
        author_id uuid,
        author_name text,
        body text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_conversation_client_id_key UNIQUE (conversation_id, client_id)
      );

      CREATE TABLE visitors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        last_page_url text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX visitors_channel_idx ON visitors (channel_id, last_seen_at DESC);
      CREATE INDEX visitors_conversation_idx ON visitors (conversation_id) WHERE conversation_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE visitors, messages, conversations, products, contacts, channels, refresh_tokens, operators, workspaces`);
  }
}
