/** Issue #12 (E5): Settings › Orders — order statuses in their six groups, and payment types. */
const STATUS_FIELDS = 'id code name group position active';
const PAYMENT_TYPE_FIELDS = 'id code name acquirer active';

export const ADMIN_ORDER_SETTINGS = `query AdminOrderSettings { orderStatuses { ${STATUS_FIELDS} } paymentTypes { ${PAYMENT_TYPE_FIELDS} } }`;
export const CREATE_ORDER_STATUS = `mutation CreateOrderStatus($input: CreateOrderStatusInput!) { createOrderStatus(input: $input) { ${STATUS_FIELDS} } }`;
export const UPDATE_ORDER_STATUS = `mutation UpdateOrderStatus($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { ${STATUS_FIELDS} } }`;
export const MOVE_ORDER_STATUS = `mutation MoveOrderStatus($id: ID!, $position: Int!) { moveOrderStatus(id: $id, position: $position) { ${STATUS_FIELDS} } }`;
export const CREATE_PAYMENT_TYPE = `mutation CreatePaymentType($input: CreatePaymentTypeInput!) { createPaymentType(input: $input) { ${PAYMENT_TYPE_FIELDS} } }`;
export const UPDATE_PAYMENT_TYPE = `mutation UpdatePaymentType($input: UpdatePaymentTypeInput!) { updatePaymentType(input: $input) { ${PAYMENT_TYPE_FIELDS} } }`;
export const ADMIN_ORDER_SETTINGS_EVENTS = `subscription AdminOrderSettingsEvents { orderSettingsEvents { kind } }`;
