import { DeliveryRule, DeliveryRuleOutcome, evaluateDeliveryRules } from './delivery-rules.evaluator';

let n = 0;
const rule = (over: Partial<DeliveryRule>): DeliveryRule => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  name: `Rule ${n}`,
  position: n,
  active: true,
  deliveryType: null,
  regions: [],
  minWeightKg: null,
  maxWeightKg: null,
  minTotal: null,
  maxTotal: null,
  currency: 'EUR',
  cost: '5.90',
  ...over,
});
const q = (over: Partial<{ deliveryType: string | null; region: string | null; weightKg: string; total: string; currency: string }> = {}) => ({
  deliveryType: 'courier',
  region: null,
  weightKg: '1',
  total: '50',
  currency: 'EUR',
  ...over,
});

describe('evaluateDeliveryRules', () => {
  const free = rule({ name: 'Free from 100', minTotal: '100', cost: '0' });
  const light = rule({ name: 'Courier up to 5 kg', deliveryType: 'courier', maxWeightKg: '5', cost: '5.90' });
  const heavy = rule({ name: 'Courier from 5 kg', deliveryType: 'courier', minWeightKg: '5', cost: '12' });
  const rules = [heavy, free, light];

  it('takes the first active matching rule by position and says why the earlier ones did not match', () => {
    const r = evaluateDeliveryRules(rules, q({ weightKg: '2.1', total: '99.99' }));
    expect(r.rule?.name).toBe('Courier up to 5 kg');
    expect(r.cost).toBe('5.90');
    expect(r.checks.map((c) => [c.ruleName, c.outcome, c.reasons])).toEqual([
      ['Free from 100', DeliveryRuleOutcome.not_matched, ['total 99.99 EUR < min 100.00 EUR']],
      ['Courier up to 5 kg', DeliveryRuleOutcome.matched, []],
      ['Courier from 5 kg', DeliveryRuleOutcome.not_reached, []],
    ]);
  });

  it('bounds are inclusive min, exclusive max, compared as exact decimals', () => {
    expect(evaluateDeliveryRules(rules, q({ total: '100.00' })).rule?.name).toBe('Free from 100');
    expect(evaluateDeliveryRules(rules, q({ total: '99.999999999999999999' })).rule?.name).toBe('Courier up to 5 kg');
    const at5 = evaluateDeliveryRules(rules, q({ weightKg: '5.000' }));
    expect(at5.rule?.name).toBe('Courier from 5 kg');
    expect(at5.checks[1].reasons).toEqual(['weight 5.000 kg ≥ max 5.000 kg']);
    expect(evaluateDeliveryRules(rules, q({ weightKg: '4.999' })).rule?.name).toBe('Courier up to 5 kg');
    // 0.1 + 0.2 style: a float would say 0.30000000000000004 ≥ 0.3
    const r = evaluateDeliveryRules([rule({ name: 'Tiny', maxWeightKg: '0.3' })], q({ weightKg: '0.3' }));
    expect(r.rule).toBeNull();
    expect(r.checks[0].reasons).toEqual(['weight 0.300 kg ≥ max 0.300 kg']);
    expect(evaluateDeliveryRules([rule({ name: 'Max total', maxTotal: '10.10' })], q({ total: '10.09' })).cost).toBe('5.90');
  });

  it('explains a weight below the minimum and a total at the maximum', () => {
    const r = evaluateDeliveryRules([rule({ name: 'Mid', minWeightKg: '3', maxTotal: '50' })], q({ weightKg: '2.1', total: '50' }));
    expect(r.checks[0].reasons).toEqual(['weight 2.100 kg < min 3.000 kg', 'total 50.00 EUR ≥ max 50.00 EUR']);
  });

  it('matches regions trimmed and case-insensitively; an empty list is any region', () => {
    const berlin = rule({ name: 'Berlin', regions: ['Berlin', ' Brandenburg '] });
    expect(evaluateDeliveryRules([berlin], q({ region: '  bERLIN ' })).rule?.name).toBe('Berlin');
    expect(evaluateDeliveryRules([berlin], q({ region: 'brandenburg' })).rule?.name).toBe('Berlin');
    expect(evaluateDeliveryRules([berlin], q({ region: 'Bavaria' })).checks[0].reasons).toEqual(['region “Bavaria” is not one of Berlin,  Brandenburg ']);
    expect(evaluateDeliveryRules([berlin], q({ region: null })).checks[0].reasons[0]).toMatch(/^no region/);
    expect(evaluateDeliveryRules([rule({ regions: [] })], q({ region: 'Anywhere' })).rule).not.toBeNull();
  });

  it('a delivery type of null is any type; otherwise it must be the order’s (case-insensitive)', () => {
    expect(evaluateDeliveryRules([light], q({ deliveryType: 'Courier' })).rule).toBe(light);
    expect(evaluateDeliveryRules([light], q({ deliveryType: 'pickup' })).checks[0].reasons).toEqual(['type “pickup” is not “courier”']);
    expect(evaluateDeliveryRules([light], q({ deliveryType: null })).checks[0].reasons).toEqual(['no delivery type (the rule is for “courier”)']);
    expect(evaluateDeliveryRules([rule({ deliveryType: null })], q({ deliveryType: null })).rule).not.toBeNull();
  });

  it('a rule in another currency never applies; a free rule without a currency applies to any', () => {
    const r = evaluateDeliveryRules([rule({ name: 'EUR', minTotal: '10' })], q({ currency: 'USD', total: '1000' }));
    expect(r.rule).toBeNull();
    expect(r.checks[0].reasons).toEqual(['the order is in USD, the rule in EUR']);
    const any = evaluateDeliveryRules([rule({ name: 'Pickup free', currency: null, cost: '0', deliveryType: 'pickup' })], q({ currency: 'JPY', deliveryType: 'pickup' }));
    expect(any.cost).toBe('0');
  });

  it('skips switched off rules and gives the cost in the order’s digits', () => {
    const off = rule({ name: 'Off', active: false, position: -1, cost: '1' });
    const r = evaluateDeliveryRules([light, off], q());
    expect(r.checks.map((c) => [c.ruleName, c.outcome, c.reasons])).toEqual([
      ['Off', DeliveryRuleOutcome.inactive, ['switched off']],
      ['Courier up to 5 kg', DeliveryRuleOutcome.matched, []],
    ]);
    expect(r.cost).toBe('5.90');
    expect(evaluateDeliveryRules([], q())).toEqual({ rule: null, cost: null, checks: [] });
  });
});
