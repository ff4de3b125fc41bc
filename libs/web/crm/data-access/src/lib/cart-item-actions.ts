import { InjectionToken } from '@angular/core';
import type { Conversation } from '@parley/web/shared/data-access';
import type { CartProductMatch, VisitorCartItem } from './visitor-cart.store';

/** What a cart item action gets: the open conversation, its client, the item and its catalogue product (null when the catalogue does not know it). */
export interface CartItemActionContext {
  conversation: Conversation;
  contactId: string | null;
  item: VisitorCartItem;
  product: CartProductMatch | null;
}

/**
 * One more button per item of the Current cart widget, beside "Send to client". The orders code
 * fills it with "Add to order" (SPEC E9: into the client's unfinished order, a new one when they
 * have none) by providing CART_ITEM_ACTIONS where the side panel is composed.
 */
export interface CartItemAction {
  /** Stable id: the button's data-testid is `cart-item-<id>` (e.g. `cart-item-add-to-order`). */
  id: string;
  /** The button's text ("Add to order"). */
  label: string;
  /** Its accessible name for one item ("Add Mug to the order"). */
  ariaLabel(item: VisitorCartItem): string;
  /** Shown only when this says so (rights, e.g. Manage orders, and whether the item can be added); default: when the operator may reply. */
  available?(ctx: CartItemActionContext): boolean;
  /** Does the work; resolves with the status line to show ("Added Mug to order #1042"), rejects with the error to show. */
  run(ctx: CartItemActionContext): Promise<string>;
}

/** The extra per-item actions of the Current cart widget (none by default). */
export const CART_ITEM_ACTIONS = new InjectionToken<readonly CartItemAction[]>('CART_ITEM_ACTIONS', { factory: () => [] });
