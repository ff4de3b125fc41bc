import Decimal from 'decimal.js';
import { formatAmount } from '../products/money';
import type { DeliveryCostQuery } from '../orders/delivery-cost.port';

/** A stored delivery cost rule (decimal strings, as numeric columns read). */
export interface DeliveryRule {
  id: string;
  name: string;
  position: number;
  active: boolean;
  /** null: any delivery type. */
  deliveryType: string | null;
  /** Empty: any region; compared trimmed and case-insensitively. */
  regions: readonly string[];
  minWeightKg: string | null;
  maxWeightKg: string | null;
  minTotal: string | null;
  maxTotal: string | null;
  /** The rule applies only to orders in this currency (null: any currency; only for a free rule without total bounds). */
  currency: string | null;
  cost: string;
}

export enum DeliveryRuleOutcome {
  /** The first active rule that matches: its cost applies. */
  matched = 'matched',
  /** Active but some condition fails (`reasons`). */
  not_matched = 'not_matched',
  /** Switched off: never applies. */
  inactive = 'inactive',
  /** After the matching rule: not looked at. */
  not_reached = 'not_reached',
}

export interface DeliveryRuleCheck {
  ruleId: string;
  ruleName: string;
  outcome: DeliveryRuleOutcome;
  /** Why it does not match (every failing condition), e.g. "weight 2.100 kg ≥ max 2.000 kg"; empty when it matches or was not reached. */
  reasons: string[];
}

export interface DeliveryRulesResult {
  rule: DeliveryRule | null;
  /** The matching rule's cost in the order's currency digits, or null when none matches. */
  cost: string | null;
  checks: DeliveryRuleCheck[];
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLocaleLowerCase();
const kg = (d: Decimal) => `${d.toFixed(3)} kg`;

/** Why `rule` does not match `q` (empty: it matches). Bounds: inclusive min, exclusive max. */
export function deliveryRuleReasons(rule: DeliveryRule, q: DeliveryCostQuery): string[] {
  const reasons: string[] = [];
  const type = norm(q.deliveryType);
  if (rule.deliveryType !== null && norm(rule.deliveryType) !== type) {
    reasons.push(type ? `type “${q.deliveryType?.trim()}” is not “${rule.deliveryType}”` : `no delivery type (the rule is for “${rule.deliveryType}”)`);
  }
  if (rule.regions.length) {
    const region = norm(q.region);
    if (!region) reasons.push(`no region (the rule is for ${rule.regions.join(', ')})`);
    else if (!rule.regions.some((r) => norm(r) === region)) reasons.push(`region “${q.region?.trim()}” is not one of ${rule.regions.join(', ')}`);
  }
  if (rule.currency !== null && rule.currency !== q.currency) reasons.push(`the order is in ${q.currency}, the rule in ${rule.currency}`);
  const weight = new Decimal(q.weightKg || '0');
  if (rule.minWeightKg !== null && weight.lt(rule.minWeightKg)) reasons.push(`weight ${kg(weight)} < min ${kg(new Decimal(rule.minWeightKg))}`);
  if (rule.maxWeightKg !== null && weight.gte(rule.maxWeightKg)) reasons.push(`weight ${kg(weight)} ≥ max ${kg(new Decimal(rule.maxWeightKg))}`);
  // a total bound is in the rule's currency; when the currencies differ the reason above says it
  if (rule.currency === null || rule.currency === q.currency) {
    const total = new Decimal(q.total || '0');
    const money = (v: Decimal.Value) => `${formatAmount(new Decimal(v).toFixed(), q.currency)} ${q.currency}`;
    if (rule.minTotal !== null && total.lt(rule.minTotal)) reasons.push(`total ${money(total)} < min ${money(rule.minTotal)}`);
    if (rule.maxTotal !== null && total.gte(rule.maxTotal)) reasons.push(`total ${money(total)} ≥ max ${money(rule.maxTotal)}`);
  }
  return reasons;
}

/**
 * Issue #12 (E5): the delivery cost of an order — the first active rule by position (then id)
 * whose every condition holds — and, per rule, why it did or did not match (the admin's tester).
 * Pure: exact decimals, no I/O.
 */
export function evaluateDeliveryRules(rules: readonly DeliveryRule[], q: DeliveryCostQuery): DeliveryRulesResult {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  let found: DeliveryRule | null = null;
  const checks = ordered.map((rule): DeliveryRuleCheck => {
    const base = { ruleId: rule.id, ruleName: rule.name };
    if (found) return { ...base, outcome: DeliveryRuleOutcome.not_reached, reasons: [] };
    if (!rule.active) return { ...base, outcome: DeliveryRuleOutcome.inactive, reasons: ['switched off'] };
    const reasons = deliveryRuleReasons(rule, q);
    if (reasons.length) return { ...base, outcome: DeliveryRuleOutcome.not_matched, reasons };
    found = rule;
    return { ...base, outcome: DeliveryRuleOutcome.matched, reasons: [] };
  });
  const rule = found as DeliveryRule | null;
  return { rule, cost: rule ? formatAmount(rule.cost, q.currency) : null, checks };
}
