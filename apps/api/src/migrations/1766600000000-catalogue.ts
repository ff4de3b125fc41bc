import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E3, E10): the catalogue.
 * - `product_categories`: a tree per workspace (`parent_id`); `external_id` is the feed's category
 *   id, so a re-import finds its categories again.
 * - `product_price_types`: retail, wholesale… each with a currency; exactly one is the base price
 *   type (`is_base`), whose amount lives on the product row (`products.price`/`currency`: sorted and
 *   range-filtered through `products_workspace_price_idx`); the others' amounts are `product_prices`.
 * - `products` gains kind (product or service), active, category, link, images, properties
 *   (`{"Colour": "Green"}`, filtered through a jsonb_path_ops GIN), stock (null: not tracked),
 *   weight, vendor and two generated search columns: `search_vector` (full text over SKU, name,
 *   vendor, description; 'simple' so any language's words match as typed, prefixes with `:*`) and
 *   `search_text` (lower-case SKU and name under a trigram GIN: partial SKUs and typos).
 * - `product_property_values`: the names and values that occur, for the search popup's filters
 *   without scanning the catalogue (kept by the writers of products; a stale value finds nothing).
 * - `client_products`: the products a client was interested in (the products widget beside the
 *   chat), newest first.
 * - `messages.card`: a structured card a message carries (a product card in the web chat; the body
 *   holds the same as text for every other channel).
 * - the "Manage catalogue" right's default holders are in code (admins, supervisors).
 */
export class Catalogue1766600000000 implements MigrationInterface {
  name = 'Catalogue1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE product_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES product_categories(id) ON DELETE CASCADE,
        external_id text CHECK (length(external_id) <= 200),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX product_categories_workspace_parent_idx ON product_categories (workspace_id, parent_id, name);
      CREATE UNIQUE INDEX product_categories_external_key ON product_categories (workspace_id, external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE product_price_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        is_base boolean NOT NULL DEFAULT false,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, code)
      );
      CREATE UNIQUE INDEX product_price_types_base_key ON product_price_types (workspace_id) WHERE is_base;

      INSERT INTO product_price_types (workspace_id, code, name, currency, is_base)
        SELECT w.id, 'retail', 'Retail', coalesce((SELECT p.currency FROM products p WHERE p.workspace_id = w.id LIMIT 1), 'EUR'), true
        FROM workspaces w;

      ALTER TABLE products
        ADD COLUMN kind text NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'service')),
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN category_id uuid REFERENCES product_categories(id) ON DELETE SET NULL,
        ADD COLUMN url text CHECK (length(url) <= 2000),
        ADD COLUMN images text[] NOT NULL DEFAULT '{}' CHECK (cardinality(images) <= 20),
        ADD COLUMN properties jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(properties) = 'object'),
        ADD COLUMN stock numeric(14, 3),
        ADD COLUMN weight_kg numeric(12, 3) CHECK (weight_kg >= 0),
        ADD COLUMN vendor text CHECK (length(vendor) <= 200),
        ADD COLUMN external_id text CHECK (length(external_id) <= 200);
      UPDATE products SET images = ARRAY[image_url] WHERE image_url IS NOT NULL;
      ALTER TABLE products DROP COLUMN image_url;
      ALTER TABLE products ADD CONSTRAINT products_name_length CHECK (length(name) BETWEEN 1 AND 500),
        ADD CONSTRAINT products_sku_length CHECK (length(sku) BETWEEN 1 AND 200),
        ADD CONSTRAINT products_description_length CHECK (length(description) <= 20000);
      ALTER TABLE products
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', sku), 'A') || setweight(to_tsvector('simple', name), 'A')
          || setweight(to_tsvector('simple', coalesce(vendor, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')
        ) STORED,
        ADD COLUMN search_text text GENERATED ALWAYS AS (lower(sku || ' ' || name)) STORED;
      CREATE INDEX products_search_vector_idx ON products USING gin (search_vector);
      CREATE INDEX products_search_text_idx ON products USING gin (search_text gin_trgm_ops);
      CREATE INDEX products_workspace_price_idx ON products (workspace_id, price, id);
      CREATE INDEX products_workspace_category_idx ON products (workspace_id, category_id, name, id);
      CREATE INDEX products_properties_idx ON products USING gin (properties jsonb_path_ops);
      CREATE UNIQUE INDEX products_external_key ON products (workspace_id, external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE product_prices (
        product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        price_type_id uuid NOT NULL REFERENCES product_price_types(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        PRIMARY KEY (product_id, price_type_id)
      );
      CREATE INDEX product_prices_price_type_idx ON product_prices (price_type_id);

      CREATE TABLE product_property_values (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        value text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
        PRIMARY KEY (workspace_id, name, value)
      );

      CREATE TABLE client_products (
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        added_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        added_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (contact_id, product_id)
      );
      CREATE INDEX client_products_contact_added_idx ON client_products (contact_id, added_at DESC, product_id);
      CREATE INDEX client_products_product_idx ON client_products (product_id);

      ALTER TABLE messages ADD COLUMN card jsonb CHECK (card IS NULL OR jsonb_typeof(card) = 'object');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages DROP COLUMN card;
      DROP TABLE client_products, product_property_values, product_prices;
      ALTER TABLE products ADD COLUMN image_url text;
      UPDATE products SET image_url = images[1];
      ALTER TABLE products DROP COLUMN search_vector, DROP COLUMN search_text, DROP COLUMN kind, DROP COLUMN active, DROP COLUMN category_id,
        DROP COLUMN url, DROP COLUMN images, DROP COLUMN properties, DROP COLUMN stock, DROP COLUMN weight_kg, DROP COLUMN vendor, DROP COLUMN external_id,
        DROP CONSTRAINT products_name_length, DROP CONSTRAINT products_sku_length, DROP CONSTRAINT products_description_length;
      DROP TABLE product_price_types, product_categories;
    `);
  }
}
