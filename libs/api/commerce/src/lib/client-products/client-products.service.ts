import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertMayEditClients, ClientEventsService, ClientsService, ContactChangeKind } from '@parley/api/contacts';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, notFound } from '@parley/api/platform/graphql';
import { MessageCard } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { CatalogueService, PRODUCT_COLUMNS, toProduct } from '../products/catalogue.service';
import { ClientProductObject } from './client-product.object';
import { MESSAGE_POSTER, MessagePoster } from './message-poster.port';

/** The most products a client's list holds (the oldest drop off the widget's view, not the table). */
export const CLIENT_PRODUCTS_SHOWN = 100;

/** How a card's price reads in the message text every channel gets ("€18.00"). */
export function priceText(amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * Issue #12 (E3): the products a client was interested in — added from the product popup, kept
 * beside the chat so an agent sees what the client looked at before ordering, sent to the client
 * as cards, added to an order. Every operator reads the list; adding and removing need the right
 * to edit clients. Changes are live on the client's topic (`products_changed`).
 */
@Injectable()
export class ClientProductsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly events: ClientEventsService,
    private readonly catalogue: CatalogueService,
    @Inject(MESSAGE_POSTER) private readonly poster: MessagePoster,
  ) {}

  /** Newest first (client_products_contact_added_idx). */
  async list(user: AuthUser, contactId: string): Promise<ClientProductObject[]> {
    await this.clients.get(user.workspaceId, contactId);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}, cp.added_at, o.display_name AS added_by_name
         FROM client_products cp JOIN products p ON p.id = cp.product_id LEFT JOIN operators o ON o.id = cp.added_by
        WHERE cp.contact_id = $1 AND cp.workspace_id = $2 ORDER BY cp.added_at DESC, cp.product_id LIMIT ${CLIENT_PRODUCTS_SHOWN}`,
      [contactId, user.workspaceId],
    );
    return rows.map((r) => ({ product: toProduct(r), addedAt: new Date(r['added_at'] as string), addedByName: (r['added_by_name'] as string | null) ?? null }));
  }

  /** Adds the product to the client's list (again: it moves to the top). */
  async add(user: AuthUser, contactId: string, productId: string): Promise<ClientProductObject[]> {
    await assertMayEditClients(this.access, user);
    await this.clients.get(user.workspaceId, contactId);
    const product = await this.catalogue.get(user.workspaceId, productId);
    if (!product.active) throw badInput(`“${product.name}” is no longer sold`, { field: 'productId' });
    await this.db.query(
      `INSERT INTO client_products (contact_id, product_id, workspace_id, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (contact_id, product_id) DO UPDATE SET added_at = now(), added_by = EXCLUDED.added_by`,
      [contactId, product.id, user.workspaceId, user.operatorId],
    );
    await this.announce(user, contactId);
    return this.list(user, contactId);
  }

  async remove(user: AuthUser, contactId: string, productId: string): Promise<ClientProductObject[]> {
    await assertMayEditClients(this.access, user);
    await this.clients.get(user.workspaceId, contactId);
    const [, removed] = await this.db.query(`DELETE FROM client_products WHERE contact_id = $1 AND product_id = $2 AND workspace_id = $3`, [contactId, productId, user.workspaceId]);
    if (!removed) throw notFound('Product in the client’s list');
    await this.announce(user, contactId);
    return this.list(user, contactId);
  }

  /**
   * Sends the product to the client as a card (web chat: image, name, price, link) with the same
   * as text for every other channel, priced in the chosen price type.
   */
  async sendCard(user: AuthUser, conversationId: string, productId: string, priceTypeId: string | null | undefined, clientId: string): Promise<{ id: string; seq: number }> {
    if (typeof clientId !== 'string' || !clientId || clientId.length > 100) throw badInput('clientId must be 1..100 characters', { field: 'clientId' });
    const product = await this.catalogue.get(user.workspaceId, productId);
    if (!product.active) throw badInput(`“${product.name}” is no longer sold`, { field: 'productId' });
    const price = await this.catalogue.priceIn(user.workspaceId, product, priceTypeId);
    const card: MessageCard = { kind: 'product', productId: product.id, sku: product.sku, name: product.name, price: price.amount, currency: price.currency, imageUrl: product.images[0] ?? null, url: product.url };
    const body = [`${product.name} — ${priceText(price.amount, price.currency)}`, product.url].filter(Boolean).join('\n');
    return this.poster.sendAsOperator(user, conversationId, clientId, body, undefined, card);
  }

  private announce(user: AuthUser, contactId: string): Promise<void> {
    return this.events.publish({ workspaceId: user.workspaceId, contactId, kind: ContactChangeKind.products_changed, actorId: user.operatorId });
  }
}
