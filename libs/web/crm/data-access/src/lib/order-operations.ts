/** Issue #12 (E5): the order widget and the order drawer. */
export const ORDER_FIELDS = `id number isDraft clientId conversationId version currency priceTypeId
  status { id code name group }
  customer { firstName lastName phone email }
  items { id productId sku name quantity listPrice unitPrice weightKg lineTotal imageUrl }
  discount { kind value }
  totals { goods discount delivery total paid due paymentState weightKg }
  delivery { type service region city street postalCode date slot cost costManual ruleId ruleName }
  payments { id type { id code name acquirer } status amount paidAt link { id url status amount lastError paidAt } }
  extra { country orderType orderMethod store managerId managerName }
  custom { key value }
  comment createdByName createdAt updatedAt placedAt`;

/** What the Orders widget shows of each order (the drawer reads the whole order). */
export const ORDER_LIST_FIELDS = `id number isDraft clientId conversationId version currency createdAt
  status { id code name group }
  items { id }
  totals { goods discount delivery total paid due paymentState }
  delivery { type service region city street postalCode date slot cost costManual ruleName }
  payments { id type { id code name } status amount }`;

export const ORDER_SETTINGS = `query OrderSettings {
  orderStatuses { id code name group position active }
  paymentTypes { id code name acquirer active }
  productPriceTypes { id code name currency isBase }
  orderCustomFields { id key name type options required pinned position active }
  orderExtraSuggestions { countries orderTypes orderMethods stores }
  orderManagerOptions { id displayName }
}`;

export const ORDER_SETTINGS_EVENTS = `subscription OrderSettingsEvents { orderSettingsEvents { kind } }`;

export const CLIENT_ORDERS = `query ClientOrders($contactId: ID!, $first: Int = 10, $after: String) {
  clientOrders(contactId: $contactId, first: $first, after: $after) {
    nodes { ${ORDER_LIST_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
  clientOrderDraft(contactId: $contactId) { ${ORDER_LIST_FIELDS} }
}`;

export const CLIENT_ORDER_DRAFT = `query ClientOrderDraft($contactId: ID!) { clientOrderDraft(contactId: $contactId) { ${ORDER_FIELDS} } }`;

export const ORDER = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

export const PREVIEW_ORDER = `query PreviewOrder($input: SaveOrderInput!) {
  previewOrder(input: $input) {
    totals { goods discount delivery total paid due paymentState weightKg }
    lineTotals deliveryCost deliveryRuleId deliveryRuleName
    errors { field message }
  }
}`;

export const SAVE_ORDER = `mutation SaveOrder($input: SaveOrderInput!) { saveOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const SET_ORDER_STATUS = `mutation SetOrderStatus($input: SetOrderStatusInput!) { setOrderStatus(input: $input) { ${ORDER_LIST_FIELDS} } }`;
export const DELETE_ORDER_DRAFT = `mutation DeleteOrderDraft($orderId: ID!) { deleteOrderDraft(orderId: $orderId) }`;
export const SEND_ORDER_SUMMARY = `mutation SendOrderSummary($input: SendOrderSummaryInput!) { sendOrderSummary(input: $input) { messageId seq } }`;

/** Another operator saved, placed, paid or deleted an order of this client (orders_changed). */
export const ORDERS_CONTACT_CHANGED = `subscription OrdersContactChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId actorId }
}`;

/** "Send printable document": the order's PDF, attached to the composer of the conversation. */
export const MAKE_ORDER_DOCUMENT = `mutation MakeOrderDocument($input: MakeOrderDocumentInput!) { makeOrderDocument(input: $input) { id name mime size url } }`;

/** "Send payment link": the payment's link (made or reused) posted into the conversation; idempotent on clientId. */
export const SEND_PAYMENT_LINK = `mutation SendPaymentLink($input: SendPaymentLinkInput!) {
  sendPaymentLink(input: $input) { messageId link { id url status amount lastError paidAt } }
}`;
