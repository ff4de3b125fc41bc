import fc from 'fast-check';
import { computeTotals } from './order-totals';

/** The same arithmetic in integer minor units (bigint): the model the decimal code must agree with. */
const halfUpDiv = (n: bigint, d: bigint) => (n * 2n + d) / (2n * d);
const fmt = (minor: bigint, digits: number) => {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (!digits) return `${neg ? '-' : ''}${abs}`;
  const s = abs.toString().padStart(digits + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
};
const CURRENCIES: Array<[string, number]> = [['EUR', 2], ['USD', 2], ['PLN', 2], ['UAH', 2], ['JPY', 0]];

const item = fc.record({ milli: fc.integer({ min: 1, max: 10_000_000 }), priceMinor: fc.integer({ min: 0, max: 100_000_000 }) });

describe('computeTotals', () => {
  it('agrees with integer minor-unit arithmetic for any items, percent discount, delivery and payments, in several currencies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES),
        fc.array(item, { minLength: 0, maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.record({ paid: fc.boolean(), minor: fc.integer({ min: 1, max: 10_000_000 }) }), { maxLength: 4 }),
        ([currency, digits], items, basisPoints, deliveryMinor, payments) => {
          const t = computeTotals({
            currency,
            items: items.map((i) => ({ quantity: fmt(BigInt(i.milli), 3), unitPrice: fmt(BigInt(i.priceMinor), digits) })),
            discount: { kind: 'percent', value: fmt(BigInt(basisPoints), 2) },
            deliveryCost: fmt(BigInt(deliveryMinor), digits),
            payments: payments.map((p) => ({ status: p.paid ? 'paid' : 'pending', amount: fmt(BigInt(p.minor), digits) })),
          });
          const lines = items.map((i) => halfUpDiv(BigInt(i.milli) * BigInt(i.priceMinor), 1000n));
          const goods = lines.reduce((s, l) => s + l, 0n);
          const discount = halfUpDiv(goods * BigInt(basisPoints), 10_000n);
          const total = goods - discount + BigInt(deliveryMinor);
          const paid = payments.filter((p) => p.paid).reduce((s, p) => s + BigInt(p.minor), 0n);
          expect(t.lineTotals).toEqual(lines.map((l) => fmt(l, digits)));
          expect(t.goods).toBe(fmt(goods, digits));
          expect(t.discount).toBe(fmt(discount, digits));
          expect(t.total).toBe(fmt(total, digits));
          expect(t.paid).toBe(fmt(paid, digits));
          expect(t.due).toBe(fmt(total - paid, digits));
          expect(t.paymentState).toBe(paid === 0n ? 'none' : paid >= total ? 'full' : 'partial');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never drifts: the total is exactly the printed lines minus the discount plus delivery, and the discount never exceeds the goods', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 10_000_000_000 }), (items, discountMinor) => {
        const t = computeTotals({
          currency: 'EUR',
          items: items.map((i) => ({ quantity: fmt(BigInt(i.milli), 3), unitPrice: fmt(BigInt(i.priceMinor), 2) })),
          discount: { kind: 'amount', value: fmt(BigInt(discountMinor), 2) },
        });
        const cents = (s: string) => BigInt(s.replace('.', ''));
        expect(t.lineTotals.reduce((s, l) => s + cents(l), 0n)).toBe(cents(t.goods));
        expect(cents(t.discount)).toBeLessThanOrEqual(cents(t.goods));
        expect(cents(t.total)).toBe(cents(t.goods) - cents(t.discount) + cents(t.delivery));
        expect(cents(t.total)).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('rounds each line half-up before summing, so the goods are the sum of the lines shown', () => {
    const t = computeTotals({ currency: 'EUR', items: [{ quantity: '1', unitPrice: '0.33' }, { quantity: '1.5', unitPrice: '0.33' }, { quantity: '0.333', unitPrice: '3.00' }] });
    // 0.33; 0.495 → 0.50 (half-up); 0.999 → 1.00
    expect(t.lineTotals).toEqual(['0.33', '0.50', '1.00']);
    expect(t.goods).toBe('1.83');
  });

  it('computes a percent discount on the goods and leaves delivery undiscounted; weights sum per quantity', () => {
    const t = computeTotals({
      currency: 'EUR',
      items: [{ quantity: '2', unitPrice: '18.50', weightKg: '0.350' }, { quantity: '1', unitPrice: '9.99', weightKg: null }],
      discount: { kind: 'percent', value: '12.5' },
      deliveryCost: '5.90',
      payments: [{ status: 'paid', amount: '10.00' }, { status: 'failed', amount: '40.00' }],
    });
    expect(t).toEqual({ lineTotals: ['37.00', '9.99'], goods: '46.99', discount: '5.87', delivery: '5.90', total: '47.02', paid: '10.00', due: '37.02', paymentState: 'partial', weightKg: '0.700' });
  });

  it('yen has no minor units; a full payment and an overpayment are both "full"; no items is all zeros', () => {
    expect(computeTotals({ currency: 'JPY', items: [{ quantity: '3', unitPrice: '333' }], discount: { kind: 'percent', value: '10' } })).toMatchObject({ goods: '999', discount: '100', total: '899' });
    expect(computeTotals({ currency: 'EUR', items: [{ quantity: '1', unitPrice: '5' }], payments: [{ status: 'paid', amount: '5' }] }).paymentState).toBe('full');
    expect(computeTotals({ currency: 'EUR', items: [{ quantity: '1', unitPrice: '5' }], payments: [{ status: 'paid', amount: '6' }] })).toMatchObject({ paymentState: 'full', due: '-1.00' });
    expect(computeTotals({ currency: 'EUR', items: [] })).toMatchObject({ goods: '0.00', total: '0.00', due: '0.00', paymentState: 'none', weightKg: '0.000' });
  });
});
