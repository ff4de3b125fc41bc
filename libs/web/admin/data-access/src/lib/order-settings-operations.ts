/** Issue #12 (E5): Settings › Orders — order statuses in their six groups, payment types and custom order fields. */
const STATUS_FIELDS = 'id code name group position active';
const PAYMENT_TYPE_FIELDS = 'id code name acquirer active';

export const ADMIN_ORDER_SETTINGS = `query AdminOrderSettings { orderStatuses { ${STATUS_FIELDS} } paymentTypes { ${PAYMENT_TYPE_FIELDS} } }`;
export const CREATE_ORDER_STATUS = `mutation CreateOrderStatus($input: CreateOrderStatusInput!) { createOrderStatus(input: $input) { ${STATUS_FIELDS} } }`;
export const UPDATE_ORDER_STATUS = `mutation UpdateOrderStatus($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { ${STATUS_FIELDS} } }`;
export const MOVE_ORDER_STATUS = `mutation MoveOrderStatus($id: ID!, $position: Int!) { moveOrderStatus(id: $id, position: $position) { ${STATUS_FIELDS} } }`;
export const CREATE_PAYMENT_TYPE = `mutation CreatePaymentType($input: CreatePaymentTypeInput!) { createPaymentType(input: $input) { ${PAYMENT_TYPE_FIELDS} } }`;
export const UPDATE_PAYMENT_TYPE = `mutation UpdatePaymentType($input: UpdatePaymentTypeInput!) { updatePaymentType(input: $input) { ${PAYMENT_TYPE_FIELDS} } }`;
export const ADMIN_ORDER_SETTINGS_EVENTS = `subscription AdminOrderSettingsEvents { orderSettingsEvents { kind } }`;

/** Settings › Orders › Order fields: custom order fields (the drawer's Extra fields). */
const ORDER_FIELD_FIELDS = 'id key name type options required pinned position active';
export const ADMIN_ORDER_CUSTOM_FIELDS = `query AdminOrderCustomFields { orderCustomFields { ${ORDER_FIELD_FIELDS} } }`;
export const CREATE_ORDER_CUSTOM_FIELD = `mutation CreateOrderCustomField($input: CreateOrderCustomFieldInput!) { createOrderCustomField(input: $input) { ${ORDER_FIELD_FIELDS} } }`;
export const UPDATE_ORDER_CUSTOM_FIELD = `mutation UpdateOrderCustomField($input: UpdateOrderCustomFieldInput!) { updateOrderCustomField(input: $input) { ${ORDER_FIELD_FIELDS} } }`;
export const DELETE_ORDER_CUSTOM_FIELD = `mutation DeleteOrderCustomField($id: ID!) { deleteOrderCustomField(id: $id) { ${ORDER_FIELD_FIELDS} } }`;
export const MOVE_ORDER_CUSTOM_FIELD = `mutation MoveOrderCustomField($id: ID!, $position: Int!) { moveOrderCustomField(id: $id, position: $position) { ${ORDER_FIELD_FIELDS} } }`;
