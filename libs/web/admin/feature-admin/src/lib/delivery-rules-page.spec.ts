import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { DeliveryRule, DeliveryRulesChange, DeliveryRulesService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { DeliveryRulesPage, parseRegions, ruleSummary } from './delivery-rules-page';

const rule = (over: Partial<DeliveryRule>): DeliveryRule => ({
  id: 'r1',
  name: 'Rule',
  position: 0,
  active: true,
  deliveryType: 'courier',
  regions: [],
  minWeightKg: null,
  maxWeightKg: null,
  minTotal: null,
  maxTotal: null,
  currency: 'EUR',
  cost: '5.90',
  version: 1,
  ...over,
});
const DEMO = [
  rule({ id: 'free', name: 'Free from 100', position: 0, minTotal: '100.00', cost: '0.00' }),
  rule({ id: 'light', name: 'Courier up to 5 kg', position: 1, maxWeightKg: '5', cost: '5.90' }),
  rule({ id: 'heavy', name: 'Courier from 5 kg', position: 2, minWeightKg: '5', cost: '12.00' }),
];

async function render(opts: { rules?: DeliveryRule[]; create?: (input: any) => Promise<DeliveryRule>; confirm?: boolean } = {}) {
  let rules: DeliveryRule[] = (opts.rules ?? []).map((r) => ({ ...r }));
  let listener: ((e: DeliveryRulesChange) => void) | null = null;
  const service = {
    list: jest.fn(async () => rules.map((r) => ({ ...r }))),
    create: jest.fn(
      opts.create ??
        (async (input: any) => {
          const r = rule({ ...input, id: `n${rules.length}`, position: rules.length });
          rules.push(r);
          return r;
        }),
    ),
    update: jest.fn(async (input: any) => {
      const r = { ...rules.find((x) => x.id === input.id)!, ...input, version: input.expectedVersion + 1 };
      rules = rules.map((x) => (x.id === r.id ? r : x));
      return r;
    }),
    remove: jest.fn(async (id: string) => {
      rules = rules.filter((r) => r.id !== id);
    }),
    move: jest.fn(async (id: string, position: number) => {
      const at = rules.findIndex((r) => r.id === id);
      const [m] = rules.splice(at, 1);
      rules.splice(position, 0, m);
      rules = rules.map((r, i) => ({ ...r, position: i }));
      return rules.map((r) => ({ ...r }));
    }),
    test: jest.fn(async () => ({
      rule: { id: 'light', name: 'Courier up to 5 kg' },
      cost: '5.90',
      currency: 'EUR',
      checks: [
        { ruleId: 'free', ruleName: 'Free from 100', outcome: 'not_matched', reasons: ['total 99.99 EUR < min 100.00 EUR'] },
        { ruleId: 'light', ruleName: 'Courier up to 5 kg', outcome: 'matched', reasons: [] },
        { ruleId: 'heavy', ruleName: 'Courier from 5 kg', outcome: 'not_reached', reasons: [] },
      ],
    })),
    changes: jest.fn((l: (e: DeliveryRulesChange) => void) => {
      listener = l;
      return () => (listener = null);
    }),
  };
  const confirmer = { ask: jest.fn(async () => opts.confirm ?? true) };
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: DeliveryRulesService, useValue: service }, { provide: Confirmer, useValue: confirmer }] });
  const fixture = TestBed.createComponent(DeliveryRulesPage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = el) => root.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (id: string, value: string) => {
    const i = q<HTMLInputElement>(id)!;
    i.value = value;
    i.dispatchEvent(new Event('input'));
    await settle();
  };
  const submit = async (id = 'rule-form') => {
    q<HTMLFormElement>(id)!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const row = (name: string) => el.querySelector<HTMLElement>(`[data-testid="delivery-rule"][data-rule="${name}"]`)!;
  const names = () => [...el.querySelectorAll('[data-testid="delivery-rule"]')].map((r) => r.getAttribute('data-rule'));
  const push = async (e: DeliveryRulesChange) => {
    listener!(e);
    await settle();
  };
  return { fixture, el, q, type, submit, row, names, push, service, confirmer, settle, setRules: (r: DeliveryRule[]) => (rules = r), listening: () => listener !== null };
}

describe('DeliveryRulesPage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('says what to do when there is no rule, and adds one', async () => {
    const p = await render();
    expect(p.q('rules-empty')!.textContent).toContain('No delivery rules yet');
    expect(p.q('rules-empty')!.textContent).toContain('Add one below');
    await p.type('rule-name', 'Courier up to 5 kg');
    await p.type('rule-regions', ' Berlin, , Brandenburg ');
    await p.type('rule-maxWeightKg', '5');
    await p.type('rule-cost', '5.90');
    await p.submit();
    expect(p.service.create).toHaveBeenCalledWith({ name: 'Courier up to 5 kg', active: true, deliveryType: null, regions: ['Berlin', 'Brandenburg'], minWeightKg: null, maxWeightKg: '5', minTotal: null, maxTotal: null, currency: 'EUR', cost: '5.90' });
    expect(p.q('rules-empty')).toBeNull();
    expect(p.names()).toEqual(['Courier up to 5 kg']);
    expect(p.q('rule-saved')!.textContent).toContain('added');
  });

  it('lists the rules in order with what each means', async () => {
    const p = await render({ rules: DEMO });
    expect(p.names()).toEqual(['Free from 100', 'Courier up to 5 kg', 'Courier from 5 kg']);
    expect(p.q('delivery-rule-summary', p.row('Free from 100'))!.textContent).toBe('Courier · order from 100.00 EUR → free');
    expect(ruleSummary(rule({ deliveryType: null, regions: ['Berlin'], minWeightKg: '2', maxWeightKg: '5', maxTotal: '50.00' }))).toBe('Any type · in Berlin · from 2 kg, below 5 kg · order below 50.00 EUR → 5.90 EUR');
    expect(parseRegions('a, b\nc,,')).toEqual(['a', 'b', 'c']);
  });

  it('checks the name and cost before asking, and shows the server’s field errors under their fields', async () => {
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', '2 fields need attention', [
      {
        message: '2 fields need attention',
        extensions: {
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            { field: 'cost', message: 'EUR amounts have at most 2 decimals' },
            { field: 'maxWeightKg', message: 'The maximum weight must be above the minimum (from min, below max)' },
          ],
        },
      },
    ]);
    const p = await render({
      create: async () => {
        throw refusal;
      },
    });
    await p.submit();
    expect(p.q('rule-error-name')!.textContent).toContain('Give the rule a name');
    expect(p.q('rule-error-cost')!.textContent).toContain('Give the cost');
    expect(p.service.create).not.toHaveBeenCalled();
    await p.type('rule-name', 'Bad');
    await p.type('rule-cost', '5.999');
    await p.type('rule-minWeightKg', '5');
    await p.type('rule-maxWeightKg', '2');
    await p.submit();
    expect(p.q('rule-error-cost')!.textContent).toContain('at most 2 decimals');
    expect(p.q('rule-error-maxWeightKg')!.textContent).toContain('above the minimum');
    expect(p.q<HTMLInputElement>('rule-cost')!.getAttribute('aria-invalid')).toBe('true');
    expect(p.q('rule-form-error')).toBeNull();
    // typing in a field clears its error
    await p.type('rule-cost', '5.99');
    expect(p.q('rule-error-cost')).toBeNull();
  });

  it('shows the 200-rule cap as a form error', async () => {
    const p = await render({
      create: async () => {
        throw new GraphqlRequestError('BAD_USER_INPUT', 'A workspace has at most 200 delivery rules: delete one first', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'rules', message: 'A workspace has at most 200 delivery rules: delete one first' }] } }]);
      },
    });
    await p.type('rule-name', 'One more');
    await p.type('rule-cost', '1');
    await p.submit();
    expect(p.q('rule-form-error')!.textContent).toContain('at most 200');
  });

  it('edits a rule with its version', async () => {
    const p = await render({ rules: DEMO });
    p.q<HTMLButtonElement>('rule-edit', p.row('Courier up to 5 kg'))!.click();
    await p.settle();
    expect(p.q<HTMLInputElement>('rule-maxWeightKg')!.value).toBe('5');
    await p.type('rule-cost', '6.50');
    await p.submit();
    expect(p.service.update).toHaveBeenCalledWith(expect.objectContaining({ id: 'light', expectedVersion: 1, cost: '6.50', maxWeightKg: '5', deliveryType: 'courier' }));
    expect(p.q('delivery-rule-summary', p.row('Courier up to 5 kg'))!.textContent).toContain('6.50 EUR');
  });

  it('reorders with the keyboard-reachable up and down buttons, keeping focus on the moved rule', async () => {
    const p = await render({ rules: DEMO });
    document.body.appendChild(p.el);
    expect(p.q<HTMLButtonElement>('rule-up', p.row('Free from 100'))!.disabled).toBe(true);
    expect(p.q<HTMLButtonElement>('rule-down', p.row('Courier from 5 kg'))!.disabled).toBe(true);
    const up = p.q<HTMLButtonElement>('rule-up', p.row('Courier from 5 kg'))!;
    expect(up.getAttribute('aria-label')).toBe('Move Courier from 5 kg up');
    up.click();
    await p.settle();
    expect(p.service.move).toHaveBeenCalledWith('heavy', 1);
    expect(p.names()).toEqual(['Free from 100', 'Courier from 5 kg', 'Courier up to 5 kg']);
    expect(p.q('rules-announce')!.textContent).toContain('moved to position 2 of 3');
    expect(document.activeElement).toBe(p.q('rule-up', p.row('Courier from 5 kg')));
    p.q<HTMLButtonElement>('rule-down', p.row('Free from 100'))!.click();
    await p.settle();
    expect(p.service.move).toHaveBeenLastCalledWith('free', 1);
    expect(p.names()).toEqual(['Courier from 5 kg', 'Free from 100', 'Courier up to 5 kg']);
    p.el.remove();
  });

  it('deletes after a confirmation, and not without', async () => {
    const p = await render({ rules: DEMO, confirm: false });
    p.q<HTMLButtonElement>('rule-delete', p.row('Free from 100'))!.click();
    await p.settle();
    expect(p.confirmer.ask).toHaveBeenCalledWith(expect.objectContaining({ title: 'Delete “Free from 100”?' }));
    expect(p.service.remove).not.toHaveBeenCalled();
    p.confirmer.ask.mockResolvedValue(true);
    p.q<HTMLButtonElement>('rule-delete', p.row('Free from 100'))!.click();
    await p.settle();
    expect(p.service.remove).toHaveBeenCalledWith('free');
    expect(p.names()).toEqual(['Courier up to 5 kg', 'Courier from 5 kg']);
  });

  it('follows other admins’ changes live and stops when left', async () => {
    const p = await render({ rules: DEMO });
    p.setRules([DEMO[2], DEMO[0]]);
    await p.push({ kind: 'moved', ruleId: 'heavy', actorId: 'someone' } as DeliveryRulesChange);
    expect(p.names()).toEqual(['Courier from 5 kg', 'Free from 100']);
    p.fixture.destroy();
    expect(p.listening()).toBe(false);
  });

  it('tests an order: the rule that applies and why each earlier one does not', async () => {
    const p = await render({ rules: DEMO });
    await p.type('tester-region', 'Berlin');
    await p.type('tester-weight', '2.1');
    await p.type('tester-total', '99.99');
    await p.submit('rule-tester');
    expect(p.service.test).toHaveBeenCalledWith({ deliveryType: 'courier', region: 'Berlin', weightKg: '2.1', total: '99.99', currency: 'EUR' });
    expect(p.q('tester-verdict')!.textContent).toBe('Rule “Courier up to 5 kg” applies: 5.90 EUR');
    expect([...p.el.querySelectorAll('[data-testid="tester-reason"]')].map((li) => li.textContent!.trim())).toEqual(['“Free from 100” does not apply: total 99.99 EUR < min 100.00 EUR']);
    p.service.test.mockRejectedValueOnce(new GraphqlRequestError('BAD_USER_INPUT', 'x', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'currency', message: 'Choose a currency such as EUR' }] } }]));
    await p.type('tester-currency', 'XX');
    await p.submit('rule-tester');
    expect(p.q('tester-error-currency')!.textContent).toContain('Choose a currency');
    expect(p.q('tester-verdict')).toBeNull();
  });
});
