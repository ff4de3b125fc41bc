import { MigrationInterface, QueryRunner } from 'typeorm';

const ADDRESS_PARTS = ['postal_code', 'city', 'country', 'region', 'metro', 'street', 'house', 'flat', 'building', 'entrance', 'floor', 'block'];

/**
 * Issue #11 (E2, E4, E6): the client model of the CRM panel.
 *
 * - contacts get first / last / middle name and an address (one line, or split into parts:
 *   `address_split`). `name`, `email` and `phone` stay: they are the display name and the primary
 *   phone and e-mail every screen and channel already uses.
 * - contact_phones / contact_emails: every phone (E.164) and e-mail (lower case) of a client, one
 *   primary each. A trigger keeps them in step with contacts.phone / contacts.email whoever writes
 *   those (channels, the offline form, the client editor): the primary row is that value, a
 *   replaced primary stays as a secondary one. Indexed by (workspace_id, value) for the matches
 *   offered while an operator types and for duplicates.
 * - contact_notes: notes on the client, newest first (keyset over created_at, id).
 * - crm_tasks: tasks on a client (or, once orders exist, an order number), with the due time that
 *   a delayed job (and a sweep after restarts) turns into exactly one notification (`notified_at`).
 * - operator_notifications learn the task and client they are about.
 */
export class CrmClients1766100000000 implements MigrationInterface {
  name = 'CrmClients1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contacts
        ADD COLUMN first_name text CHECK (length(first_name) <= 100),
        ADD COLUMN last_name text CHECK (length(last_name) <= 100),
        ADD COLUMN middle_name text CHECK (length(middle_name) <= 100),
        ADD COLUMN address text CHECK (length(address) <= 500),
        ADD COLUMN address_split boolean NOT NULL DEFAULT false,
        ${ADDRESS_PARTS.map((c) => `ADD COLUMN ${c} text CHECK (length(${c}) <= 200)`).join(',\n        ')};

      CREATE TABLE contact_phones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        value text NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
        is_primary boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX contact_phones_value_key ON contact_phones (contact_id, value);
      CREATE UNIQUE INDEX contact_phones_primary_key ON contact_phones (contact_id) WHERE is_primary;
      CREATE INDEX contact_phones_lookup_idx ON contact_phones (workspace_id, value);

      CREATE TABLE contact_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        value text NOT NULL CHECK (length(value) BETWEEN 1 AND 320),
        is_primary boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX contact_emails_value_key ON contact_emails (contact_id, value);
      CREATE UNIQUE INDEX contact_emails_primary_key ON contact_emails (contact_id) WHERE is_primary;
      CREATE INDEX contact_emails_lookup_idx ON contact_emails (workspace_id, value);

      -- the primary phone / e-mail is contacts.phone / contacts.email, whoever writes it
      CREATE FUNCTION contacts_sync_primary_values() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v text;
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.phone IS DISTINCT FROM OLD.phone THEN
          v := nullif(regexp_replace(coalesce(NEW.phone, ''), '[^0-9+]', '', 'g'), '');
          IF v IS NULL THEN
            DELETE FROM contact_phones WHERE contact_id = NEW.id AND is_primary;
          ELSE
            UPDATE contact_phones SET is_primary = false WHERE contact_id = NEW.id AND is_primary AND value <> v;
            INSERT INTO contact_phones (workspace_id, contact_id, value, is_primary) VALUES (NEW.workspace_id, NEW.id, v, true)
              ON CONFLICT (contact_id, value) DO UPDATE SET is_primary = true WHERE NOT contact_phones.is_primary;
          END IF;
        END IF;
        IF TG_OP = 'INSERT' OR NEW.email IS DISTINCT FROM OLD.email THEN
          v := nullif(lower(btrim(coalesce(NEW.email, ''))), '');
          IF v IS NULL THEN
            DELETE FROM contact_emails WHERE contact_id = NEW.id AND is_primary;
          ELSE
            UPDATE contact_emails SET is_primary = false WHERE contact_id = NEW.id AND is_primary AND value <> v;
            INSERT INTO contact_emails (workspace_id, contact_id, value, is_primary) VALUES (NEW.workspace_id, NEW.id, v, true)
              ON CONFLICT (contact_id, value) DO UPDATE SET is_primary = true WHERE NOT contact_emails.is_primary;
          END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER contacts_sync_primary_values AFTER INSERT OR UPDATE OF phone, email ON contacts
        FOR EACH ROW EXECUTE FUNCTION contacts_sync_primary_values();

      INSERT INTO contact_phones (workspace_id, contact_id, value, is_primary)
        SELECT workspace_id, id, regexp_replace(phone, '[^0-9+]', '', 'g'), true FROM contacts
         WHERE regexp_replace(coalesce(phone, ''), '[^0-9+]', '', 'g') <> ''
        ON CONFLICT DO NOTHING;
      INSERT INTO contact_emails (workspace_id, contact_id, value, is_primary)
        SELECT workspace_id, id, lower(btrim(email)), true FROM contacts WHERE btrim(coalesce(email, '')) <> ''
        ON CONFLICT DO NOTHING;

      CREATE TABLE contact_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        author_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        author_name text,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX contact_notes_list_idx ON contact_notes (contact_id, created_at DESC, id DESC);

      CREATE TABLE crm_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
        -- E4: a task on an order (by number) once orders exist; refused by the API until then
        order_number text CHECK (length(order_number) <= 100),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 5000),
        due_at timestamptz(3) NOT NULL,
        assignee_id uuid NOT NULL REFERENCES operators(id),
        author_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        author_name text,
        completed_at timestamptz(3),
        notified_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (contact_id IS NOT NULL OR order_number IS NOT NULL)
      );
      CREATE INDEX crm_tasks_contact_idx ON crm_tasks (contact_id, due_at, id);
      CREATE INDEX crm_tasks_assignee_idx ON crm_tasks (assignee_id, due_at, id);
      CREATE INDEX crm_tasks_workspace_idx ON crm_tasks (workspace_id, due_at, id);
      -- the due sweep: open tasks not yet announced
      CREATE INDEX crm_tasks_due_idx ON crm_tasks (due_at) WHERE notified_at IS NULL AND completed_at IS NULL;

      ALTER TABLE operator_notifications
        ADD COLUMN task_id uuid REFERENCES crm_tasks(id) ON DELETE CASCADE,
        ADD COLUMN contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE;
      -- for the cascades when a task or client goes (and a merge moving them)
      CREATE INDEX operator_notifications_task_idx ON operator_notifications (task_id) WHERE task_id IS NOT NULL;
      CREATE INDEX operator_notifications_contact_idx ON operator_notifications (contact_id) WHERE contact_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE operator_notifications DROP COLUMN task_id, DROP COLUMN contact_id;
      DROP TABLE crm_tasks;
      DROP TABLE contact_notes;
      DROP TRIGGER contacts_sync_primary_values ON contacts;
      DROP FUNCTION contacts_sync_primary_values();
      DROP TABLE contact_emails;
      DROP TABLE contact_phones;
      ALTER TABLE contacts DROP COLUMN first_name, DROP COLUMN last_name, DROP COLUMN middle_name, DROP COLUMN address, DROP COLUMN address_split,
        ${ADDRESS_PARTS.map((c) => `DROP COLUMN ${c}`).join(', ')};
    `);
  }
}
