/** SPEC E9: the visitor's current cart (Parley.setCart) behind the open conversation, for the Current cart widget. */
export const VISITOR_CART = `query VisitorCart($conversationId: ID!) {
  visitorCart(conversationId: $conversationId) {
    conversationId updatedAt
    items { id name quantity price currency lineTotal url sku imageUrl }
    totals { currency amount quantity }
  }
}`;

/** The open conversation's live changes; the Current cart widget refetches on `cart` (the site called Parley.setCart). */
export const CART_ACTIVITY = `subscription CartActivity($conversationId: ID!) {
  conversationActivity(conversationId: $conversationId) { kind conversationId }
}`;

/** The catalogue products a cart's items name (by SKU, else by the shop's id as external id). */
export const CATALOGUE_MATCHES = `query CatalogueMatches($codes: [String!]!) {
  catalogueMatches(codes: $codes) { code bySku product { id sku name url active price images } }
}`;
