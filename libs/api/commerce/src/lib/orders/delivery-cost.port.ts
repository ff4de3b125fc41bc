/**
 * How an order learns its delivery cost when the operator did not type one: the first matching
 * delivery cost rule (admins' Settings › Delivery). Bound by the commerce module to
 * DeliveryRulesService unless its `deliveryCost` option overrides it; `NoDeliveryRules` knows no
 * rules (cost 0), for such an override.
 */
export const DELIVERY_COST = Symbol('DELIVERY_COST');

export interface DeliveryCostQuery {
  deliveryType: string | null;
  region: string | null;
  /** Decimal strings. */
  weightKg: string;
  /** The goods after the discount, in `currency`. */
  total: string;
  currency: string;
}

export interface DeliveryCostSource {
  costFor(workspaceId: string, q: DeliveryCostQuery): Promise<{ ruleId: string; ruleName: string; cost: string } | null>;
}

export class NoDeliveryRules implements DeliveryCostSource {
  async costFor(): Promise<null> {
    return null;
  }
}
