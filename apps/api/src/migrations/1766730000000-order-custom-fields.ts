import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E5): custom order fields an admin defines (Settings › Orders › Order fields): a key
 * (a slug, unique per workspace, the name of the value in orders.custom), a name, a type (text,
 * number, date, select, checkbox), a select's options, required (enforced when an order is placed),
 * pinned (shown in every order's Extra fields), a position and active (a field that orders use is
 * switched off, never deleted: their values stay). Values live in orders.custom (jsonb, key → string).
 */
export class OrderCustomFields1766730000000 implements MigrationInterface {
  name = 'OrderCustomFields1766730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_custom_fields (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(key) <= 40),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'select', 'checkbox')),
        options text[] NOT NULL DEFAULT '{}',
        required boolean NOT NULL DEFAULT false,
        pinned boolean NOT NULL DEFAULT false,
        position int NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX order_custom_fields_key ON order_custom_fields (workspace_id, key);
      CREATE INDEX order_custom_fields_position_idx ON order_custom_fields (workspace_id, position, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_custom_fields;`);
  }
}
