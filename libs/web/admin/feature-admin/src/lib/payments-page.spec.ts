import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { PaymentsPage } from './payments-page';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const WEBHOOK = 'https://parley.example.com/api/webhooks/stripe/ws-1';
const stored = () => [
  { kind: 'test', label: 'Test acquirer (built in)', enabled: true, secretNames: [], secretsSet: [], webhookUrl: null, problem: null },
  { kind: 'stripe', label: 'Stripe Checkout', enabled: false, secretNames: ['secretKey', 'webhookSecret'], secretsSet: [] as string[], webhookUrl: WEBHOOK, problem: 'Set the Stripe secret key in Settings › Payments' as string | null },
];

async function render(answer: (op: string, vars: any) => unknown = () => undefined) {
  const calls: { op: string; vars: any }[] = [];
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    const a = answer(op, vars);
    if (a instanceof Error) throw a;
    if (a !== undefined) return a;
    if (op === 'AcquirerSettings') return { acquirerSettings: stored() };
    if (op === 'UpdateAcquirerSettings') {
      const s = stored().find((x) => x.kind === vars.input.kind)!;
      const set = s.secretNames.filter((n) => vars.input[n]);
      return { updateAcquirerSettings: { ...s, enabled: vars.input.enabled, secretsSet: set, problem: set.length === s.secretNames.length ? null : s.problem } };
    }
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: ApiClient, useValue: { request } }] });
  const fixture = TestBed.createComponent(PaymentsPage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (id: string, value: string) => {
    const i = q<HTMLInputElement>(id)!;
    i.value = value;
    i.dispatchEvent(new Event('input'));
    await settle();
  };
  return { el, q, type, settle, calls, page: fixture.componentInstance };
}

describe('PaymentsPage (issue #12, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the test acquirer on with its test cards, and Stripe with write-only secrets and the webhook URL to copy', async () => {
    const p = await render();
    expect(p.q('acquirer-test')!.textContent).toContain('Test acquirer (built in)');
    expect(p.q('acquirer-enabled-test')!.querySelector('button')!.getAttribute('aria-checked')).toBe('true');
    expect(p.q('acquirer-test-cards')!.textContent).toContain('4242 4242 4242 4242');
    expect(p.q('acquirer-enabled-stripe')!.querySelector('button')!.getAttribute('aria-checked')).toBe('false');
    const key = p.q<HTMLInputElement>('acquirer-secret-stripe-secretKey')!;
    expect(key.type).toBe('password');
    expect(key.placeholder).toBe('Not set');
    expect(p.q<HTMLInputElement>('acquirer-webhook-url-stripe')!.value).toBe(WEBHOOK);
    expect(p.q<HTMLInputElement>('acquirer-webhook-url-stripe')!.readOnly).toBe(true);
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    p.q('acquirer-copy-stripe')!.click();
    await p.settle();
    expect(writeText).toHaveBeenCalledWith(WEBHOOK);
    expect(p.q('acquirer-copy-stripe')!.textContent).toContain('Copied');
  });

  it('saves Stripe: switched on, the typed secrets sent once and then shown only as set', async () => {
    const p = await render();
    p.q('acquirer-enabled-stripe')!.querySelector('button')!.click();
    await p.type('acquirer-secret-stripe-secretKey', 'sk_test_123');
    await p.type('acquirer-secret-stripe-webhookSecret', 'whsec_abc');
    expect(p.page.hasUnsavedChanges()).toBe(true);
    p.q('acquirer-save-stripe')!.click();
    await p.settle();
    expect(p.calls.at(-1)).toEqual({ op: 'UpdateAcquirerSettings', vars: { input: { kind: 'stripe', enabled: true, secretKey: 'sk_test_123', webhookSecret: 'whsec_abc', clearSecrets: [] } } });
    expect(p.q('acquirer-saved-stripe')!.textContent).toContain('Saved');
    expect(p.q<HTMLInputElement>('acquirer-secret-stripe-secretKey')!.value).toBe('');
    expect(p.q<HTMLInputElement>('acquirer-secret-stripe-secretKey')!.placeholder).toBe('Set — type a new one to replace it');
    expect(p.q('acquirer-clear-stripe-secretKey')).not.toBeNull();
    expect(p.q('acquirer-problem-stripe')).toBeNull();
    expect(p.page.hasUnsavedChanges()).toBe(false);
  });

  it('switches the test acquirer off; shows a refused secret under its field and a failed load with a retry', async () => {
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', 'A Stripe secret key starts with sk_ (or rk_ for a restricted key)', [
      { message: 'A Stripe secret key starts with sk_ (or rk_ for a restricted key)', extensions: { code: 'BAD_USER_INPUT', field: 'secretKey' } },
    ]);
    let refuse = true;
    const p = await render((op) => (op === 'UpdateAcquirerSettings' && refuse ? ((refuse = false), refusal) : undefined));
    await p.type('acquirer-secret-stripe-secretKey', 'pk_live_wrong');
    p.q('acquirer-save-stripe')!.click();
    await p.settle();
    expect(p.q('acquirer-error-stripe-secretKey')!.textContent).toContain('starts with sk_');
    expect(p.q('acquirer-secret-stripe-secretKey')!.getAttribute('aria-invalid')).toBe('true');

    p.q('acquirer-enabled-test')!.querySelector('button')!.click();
    await p.settle();
    p.q('acquirer-save-test')!.click();
    await p.settle();
    expect(p.calls.at(-1)!.vars.input).toEqual({ kind: 'test', enabled: false, secretKey: null, webhookSecret: null, clearSecrets: [] });
    expect(p.q('acquirer-enabled-test')!.querySelector('button')!.getAttribute('aria-checked')).toBe('false');

    TestBed.resetTestingModule();
    let fail = true;
    const r = await render((op) => (op === 'AcquirerSettings' && fail ? ((fail = false), new Error('offline')) : undefined));
    expect(r.q('payments-load-error')).not.toBeNull();
    r.q('payments-load-error')!.querySelector('button')!.click();
    await r.settle();
    expect(r.q('acquirer-stripe')).not.toBeNull();
  });
});
