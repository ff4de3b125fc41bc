import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11 (E2): custom client fields an admin defines (text, number, decimal, date, select,
 * multi-select, boolean, link; required; validation rules; pinned with an order) and their values
 * per client, one typed column each — a decimal is `numeric`, never a float. Definitions are found
 * by name (the panel's field search: a prefix or word match on lower(name)); values are indexed per
 * field for the client list's filters.
 */
export class ClientCustomFields1766100000001 implements MigrationInterface {
  name = 'ClientCustomFields1766100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_custom_fields (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        type text NOT NULL CHECK (type IN ('text', 'number', 'decimal', 'date', 'select', 'multi_select', 'boolean', 'link')),
        required boolean NOT NULL DEFAULT false,
        options text[] NOT NULL DEFAULT '{}',
        rules jsonb NOT NULL DEFAULT '{}',
        pinned boolean NOT NULL DEFAULT false,
        position int NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX client_custom_fields_name_key ON client_custom_fields (workspace_id, lower(name));
      CREATE INDEX client_custom_fields_name_search_idx ON client_custom_fields (workspace_id, lower(name) text_pattern_ops);
      CREATE INDEX client_custom_fields_pinned_idx ON client_custom_fields (workspace_id, position, id) WHERE pinned;

      CREATE TABLE client_custom_values (
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        field_id uuid NOT NULL REFERENCES client_custom_fields(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        value_text text CHECK (length(value_text) <= 5000),
        value_number numeric,
        value_date date,
        value_bool boolean,
        value_options text[],
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (contact_id, field_id)
      );
      CREATE INDEX client_custom_values_text_idx ON client_custom_values (field_id, value_text) WHERE value_text IS NOT NULL;
      CREATE INDEX client_custom_values_number_idx ON client_custom_values (field_id, value_number) WHERE value_number IS NOT NULL;
      CREATE INDEX client_custom_values_date_idx ON client_custom_values (field_id, value_date) WHERE value_date IS NOT NULL;
      CREATE INDEX client_custom_values_options_idx ON client_custom_values USING gin (value_options);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_custom_values; DROP TABLE client_custom_fields;`);
  }
}
