import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E5): orders.
 * - `order_statuses`: configurable per workspace, each in one of six groups (new, approval,
 *   assembling, delivery, complete, cancelled); the defaults are written by the orders code when a
 *   workspace first needs them (so a workspace made later gets them too).
 * - `payment_types`: cash, card online… a type may be connected to an acquirer (`acquirer`: the
 *   payment links' kind, e.g. 'test' or 'stripe'), which makes "Send payment link" possible.
 * - `order_counters`: the last order number per workspace. A number is taken by
 *   `UPDATE … SET last_number = last_number + 1 RETURNING` in the transaction that places the
 *   order, so numbers are unique and gapless under concurrency (a rolled back order returns its
 *   number with the row lock).
 * - `orders`: a client's order; `number` is null while it is the client's draft (at most one
 *   draft per client: `orders_one_draft_per_client`). Totals are stored as computed by the
 *   server (decimal), so lists read them without the items. `version` guards concurrent edits.
 * - `order_items`, `order_payments`: the order's lines (a copy of the product's SKU, name, weight
 *   and list price, so a later catalogue change does not rewrite a placed order) and payments.
 */
export class Orders1766700000000 implements MigrationInterface {
  name = 'Orders1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_statuses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        status_group text NOT NULL CHECK (status_group IN ('new', 'approval', 'assembling', 'delivery', 'complete', 'cancelled')),
        position integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, code)
      );

      CREATE TABLE payment_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        acquirer text CHECK (acquirer ~ '^[a-z0-9_-]{1,40}$'),
        position integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, code)
      );

      CREATE TABLE order_counters (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        last_number bigint NOT NULL DEFAULT 0
      );

      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        number bigint,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        status_id uuid NOT NULL REFERENCES order_statuses(id),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        price_type_id uuid REFERENCES product_price_types(id) ON DELETE SET NULL,
        customer_first_name text CHECK (length(customer_first_name) <= 200),
        customer_last_name text CHECK (length(customer_last_name) <= 200),
        customer_phone text CHECK (length(customer_phone) <= 50),
        customer_email text CHECK (length(customer_email) <= 320),
        discount_kind text CHECK (discount_kind IN ('amount', 'percent')),
        discount_value numeric(12, 2) CHECK (discount_value >= 0),
        goods_total numeric(12, 2) NOT NULL DEFAULT 0,
        discount_total numeric(12, 2) NOT NULL DEFAULT 0,
        delivery_cost numeric(12, 2) NOT NULL DEFAULT 0,
        total numeric(12, 2) NOT NULL DEFAULT 0,
        paid_total numeric(12, 2) NOT NULL DEFAULT 0,
        weight_kg numeric(12, 3) NOT NULL DEFAULT 0,
        delivery_type text CHECK (length(delivery_type) <= 40),
        delivery_service text CHECK (length(delivery_service) <= 100),
        delivery_region text CHECK (length(delivery_region) <= 200),
        delivery_city text CHECK (length(delivery_city) <= 200),
        delivery_street text CHECK (length(delivery_street) <= 300),
        delivery_postal_code text CHECK (length(delivery_postal_code) <= 20),
        delivery_date date,
        delivery_slot text CHECK (length(delivery_slot) <= 40),
        delivery_cost_manual boolean NOT NULL DEFAULT false,
        delivery_rule_id uuid,
        delivery_rule_name text CHECK (length(delivery_rule_name) <= 200),
        country text CHECK (length(country) <= 100),
        order_type text CHECK (length(order_type) <= 100),
        order_method text CHECK (length(order_method) <= 100),
        store text CHECK (length(store) <= 100),
        manager_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        comment text CHECK (length(comment) <= 4000),
        custom jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        placed_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK ((number IS NULL) = (placed_at IS NULL))
      );
      CREATE UNIQUE INDEX orders_workspace_number_key ON orders (workspace_id, number) WHERE number IS NOT NULL;
      CREATE UNIQUE INDEX orders_one_draft_per_client ON orders (contact_id) WHERE number IS NULL;
      CREATE INDEX orders_contact_created_idx ON orders (contact_id, created_at DESC, id DESC);
      CREATE INDEX orders_workspace_created_idx ON orders (workspace_id, created_at DESC, id DESC);

      CREATE TABLE order_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        position integer NOT NULL,
        product_id uuid REFERENCES products(id) ON DELETE SET NULL,
        sku text CHECK (length(sku) <= 100),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
        list_price numeric(12, 2) CHECK (list_price >= 0),
        unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
        weight_kg numeric(10, 3) CHECK (weight_kg >= 0),
        line_total numeric(14, 2) NOT NULL,
        UNIQUE (order_id, position)
      );
      CREATE INDEX order_items_product_idx ON order_items (product_id) WHERE product_id IS NOT NULL;

      CREATE TABLE order_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        position integer NOT NULL,
        type_id uuid NOT NULL REFERENCES payment_types(id),
        status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'cancelled', 'refunded')),
        amount numeric(12, 2) NOT NULL CHECK (amount > 0),
        paid_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (order_id, position)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_payments, order_items, orders, order_counters, payment_types, order_statuses`);
  }
}
