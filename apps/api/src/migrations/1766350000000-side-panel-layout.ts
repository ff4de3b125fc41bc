import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11 (E0): the CRM side panel's layout per operator (widget order, hidden, collapsed — the
 * same on every device) and the widgets an admin disabled for the whole workspace.
 */
export class SidePanelLayout1766350000000 implements MigrationInterface {
  name = 'SidePanelLayout1766350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE side_panel_layouts (
        operator_id uuid PRIMARY KEY REFERENCES operators(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        widgets jsonb NOT NULL CHECK (jsonb_typeof(widgets) = 'array' AND jsonb_array_length(widgets) <= 50),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE TABLE side_panel_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        disabled_widgets text[] NOT NULL DEFAULT '{}' CHECK (cardinality(disabled_widgets) <= 50),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE side_panel_settings; DROP TABLE side_panel_layouts`);
  }
}
