import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { AiSettingsPage } from './ai-settings-page';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const stored = { summaryEnabled: false, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', tokenBudget: 8000, apiKeySet: false, updatedAt: null as string | null };

async function render(answer: (op: string, vars: any) => unknown = () => undefined) {
  const calls: { op: string; vars: any }[] = [];
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    const a = answer(op, vars);
    if (a instanceof Error) throw a;
    if (a !== undefined) return a;
    if (op === 'AiSettings') return { aiSettings: { ...stored } };
    if (op === 'UpdateAiSettings') return { updateAiSettings: { ...vars.input, apiKey: undefined, clearApiKey: undefined, apiKeySet: !!vars.input.apiKey, updatedAt: '2026-12-06T10:00:00Z' } };
    if (op === 'CheckAiConnection') return { checkAiConnection: { ok: true, message: 'Connected; the model “gpt-4o-mini” is available' } };
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: ApiClient, useValue: { request } }] });
  const fixture = TestBed.createComponent(AiSettingsPage);
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
  return { el, q, type, settle, calls };
}

describe('AiSettingsPage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the stored settings and saves the form, the key sent once and never shown', async () => {
    const p = await render();
    expect(p.q<HTMLInputElement>('ai-base-url')!.value).toBe('https://api.openai.com/v1');
    expect(p.q<HTMLInputElement>('ai-api-key')!.placeholder).toBe('Not set');
    p.q('ai-summary-enabled')!.querySelector('button')!.click();
    await p.type('ai-base-url', 'http://localhost:11434/v1');
    await p.type('ai-model', 'llama3.1');
    await p.type('ai-api-key', 'sk-secret');
    p.q('ai-save')!.click();
    await p.settle();
    expect(p.calls.at(-1)).toEqual({ op: 'UpdateAiSettings', vars: { input: { summaryEnabled: true, baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', tokenBudget: 8000, apiKey: 'sk-secret', clearApiKey: false } } });
    expect(p.q('ai-saved')!.textContent).toContain('operators can summarise conversations now');
    expect(p.q<HTMLInputElement>('ai-api-key')!.value).toBe('');
    expect(p.q<HTMLInputElement>('ai-api-key')!.placeholder).toBe('Stored — type a new key to replace it');
  });

  it('puts a refused value under its field, and clears it on typing', async () => {
    const p = await render((op) => (op === 'UpdateAiSettings' ? new GraphqlRequestError('BAD_USER_INPUT', 'The base URL must start with https:// or http://', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'baseUrl' } }]) : undefined));
    await p.type('ai-base-url', 'ftp://x');
    p.q('ai-save')!.click();
    await p.settle();
    expect(p.q('ai-error-baseUrl')!.textContent).toBe('The base URL must start with https:// or http://');
    expect(p.q('ai-saved')).toBeNull();
    await p.type('ai-base-url', 'https://x');
    expect(p.q('ai-error-baseUrl')).toBeNull();
  });

  it('Check connection sends what is typed and shows the answer; a failed save says so', async () => {
    const p = await render((op) => (op === 'UpdateAiSettings' ? new GraphqlRequestError('NETWORK_ERROR', 'Network error: down') : undefined));
    p.q('ai-check')!.click();
    await p.settle();
    expect(p.calls.at(-1)!.op).toBe('CheckAiConnection');
    expect(p.q('ai-check-result')!.textContent).toBe('Connected; the model “gpt-4o-mini” is available');
    p.q('ai-save')!.click();
    await p.settle();
    expect(p.q('ai-error')!.textContent).toMatch(/^Not saved: /);
  });

  it('removing a stored key sends clearApiKey without a key', async () => {
    const p = await render((op) => (op === 'AiSettings' ? { aiSettings: { ...stored, apiKeySet: true, updatedAt: '2026-12-01T10:00:00Z' } } : undefined));
    p.q('ai-remove-key')!.querySelector('input')!.click();
    await p.settle();
    expect(p.q<HTMLInputElement>('ai-api-key')!.disabled).toBe(true);
    p.q('ai-save')!.click();
    await p.settle();
    expect(p.calls.at(-1)!.vars.input).toMatchObject({ apiKey: null, clearApiKey: true });
  });

  it('a failed load says so with Try again', async () => {
    let fail = true;
    const p = await render((op) => {
      if (op === 'AiSettings' && fail) {
        fail = false;
        return new Error('down');
      }
      return undefined;
    });
    expect(p.q('ai-load-error')!.textContent).toMatch(/could not be loaded/);
    p.q('ai-load-error')!.querySelector('button')!.click();
    await p.settle();
    expect(p.q('ai-settings-form')).not.toBeNull();
  });
});
