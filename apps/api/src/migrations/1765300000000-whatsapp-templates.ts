import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, WhatsApp message templates: the approved templates of each WhatsApp channel's
 * Business Account as last synced from the Graph API (only the ones Parley can fill: positional
 * body variables, no media header), and per operator message sent as a template which template
 * and variables it carries. The second table is written before the message, keyed by the
 * message's conversation and clientId, so the outbox sender can never see the message without it.
 */
export class WhatsappTemplates1765300000000 implements MigrationInterface {
  name = 'WhatsappTemplates1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE whatsapp_templates (
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 512),
        language text NOT NULL CHECK (length(language) BETWEEN 2 AND 20),
        category text NOT NULL DEFAULT '',
        header text,
        body text NOT NULL,
        footer text,
        variable_count int NOT NULL CHECK (variable_count BETWEEN 0 AND 100),
        synced_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, name, language)
      );
    `);
    await q.query(`
      CREATE TABLE whatsapp_template_sends (
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        client_id text NOT NULL,
        -- set once the message is stored: it stays found by id when the message moves (a merge)
        message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
        name text NOT NULL,
        language text NOT NULL,
        variables jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, client_id)
      );
    `);
    await q.query(`CREATE UNIQUE INDEX whatsapp_template_sends_message ON whatsapp_template_sends (message_id) WHERE message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE whatsapp_template_sends`);
    await q.query(`DROP TABLE whatsapp_templates`);
  }
}
