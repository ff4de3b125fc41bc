/** Issue #12 (E5): Settings › Delivery — the delivery cost rules orders use, their order, the tester and live changes. */
export const DELIVERY_RULE_FIELDS = 'id name position active deliveryType regions minWeightKg maxWeightKg minTotal maxTotal currency cost version';

export const DELIVERY_RULES = `query DeliveryRules { deliveryRules { ${DELIVERY_RULE_FIELDS} } }`;
export const CREATE_DELIVERY_RULE = `mutation CreateDeliveryRule($input: CreateDeliveryRuleInput!) { createDeliveryRule(input: $input) { ${DELIVERY_RULE_FIELDS} } }`;
export const UPDATE_DELIVERY_RULE = `mutation UpdateDeliveryRule($input: UpdateDeliveryRuleInput!) { updateDeliveryRule(input: $input) { ${DELIVERY_RULE_FIELDS} } }`;
export const DELETE_DELIVERY_RULE = `mutation DeleteDeliveryRule($id: ID!) { deleteDeliveryRule(id: $id) }`;
export const MOVE_DELIVERY_RULE = `mutation MoveDeliveryRule($id: ID!, $position: Int!) { moveDeliveryRule(id: $id, position: $position) { ${DELIVERY_RULE_FIELDS} } }`;
export const TEST_DELIVERY_RULES = `query TestDeliveryRules($input: TestDeliveryRulesInput!) { testDeliveryRules(input: $input) { rule { id name } cost currency checks { ruleId ruleName outcome reasons } } }`;
export const DELIVERY_RULES_CHANGED = `subscription DeliveryRulesChanged { deliveryRulesChanged { kind ruleId actorId } }`;
