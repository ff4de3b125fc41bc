import { Clipboard } from '@angular/cdk/clipboard';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ApiKey, ApiKeysService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ApiKeysPage, scopesText } from './api-keys-page';

const key = (over: Partial<ApiKey>): ApiKey => ({
  id: 'k1',
  name: 'Shop server',
  prefix: 'prl_AbCdEfGh',
  scopes: ['read', 'write'],
  createdById: 'a1',
  createdByName: 'Admin Adam',
  createdAt: '2026-12-01T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
  revokedByName: null,
  ...over,
});
const SECRET = 'prl_' + 'x'.repeat(43);

async function render(opts: { keys?: ApiKey[]; confirm?: boolean; create?: (name: string, scopes: string[]) => Promise<any> } = {}) {
  let keys = (opts.keys ?? []).map((k) => ({ ...k }));
  let listener: (() => void) | null = null;
  const service = {
    list: jest.fn(async () => keys.map((k) => ({ ...k }))),
    create: jest.fn(
      opts.create ??
        (async (name: string, scopes: string[]) => {
          const k = key({ id: `n${keys.length}`, name, scopes: scopes as ApiKey['scopes'], prefix: SECRET.slice(0, 12) });
          keys = [k, ...keys];
          return { key: SECRET, apiKey: k };
        }),
    ),
    revoke: jest.fn(async (id: string) => {
      keys = keys.map((k) => (k.id === id ? { ...k, revokedAt: '2026-12-02T10:00:00Z', revokedByName: 'Admin Adam' } : k));
      return keys.find((k) => k.id === id)!;
    }),
    changes: jest.fn((l: () => void) => {
      listener = l;
      return () => (listener = null);
    }),
  };
  const confirmer = { ask: jest.fn(async () => opts.confirm ?? true) };
  const clipboard = { copy: jest.fn(() => true) };
  TestBed.configureTestingModule({
    providers: [provideNoopAnimations(), { provide: ApiKeysService, useValue: service }, { provide: Confirmer, useValue: confirmer }, { provide: Clipboard, useValue: clipboard }],
  });
  const fixture = TestBed.createComponent(ApiKeysPage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      fixture.detectChanges();
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
  const check = async (id: string) => {
    q(id)!.querySelector<HTMLInputElement>('input')!.click();
    await settle();
  };
  const submit = async () => {
    q<HTMLFormElement>('api-key-form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const row = (name: string) => el.querySelector<HTMLElement>(`[data-testid="api-key-row"][data-key="${name}"]`);
  const push = async (next: ApiKey[]) => {
    keys = next;
    listener!();
    await settle();
  };
  return { el, q, type, check, submit, row, push, service, confirmer, clipboard, settle };
}

describe('ApiKeysPage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('says what to do without keys, creates one and shows the key once with Copy and a warning', async () => {
    const p = await render();
    expect(p.q('api-keys-empty')!.textContent).toContain('No API keys yet');
    await p.type('api-key-name', '  Shop server ');
    await p.check('api-key-write');
    await p.submit();
    expect(p.service.create).toHaveBeenCalledWith('Shop server', ['read', 'write']);
    expect(p.q('api-key-secret')!.textContent).toBe(SECRET);
    expect(p.q('api-key-warning')!.textContent).toContain('will not be shown again');
    p.q<HTMLButtonElement>('api-key-copy')!.click();
    await p.settle();
    expect(p.clipboard.copy).toHaveBeenCalledWith(SECRET);
    expect(p.q('api-key-copy')!.textContent).toContain('Copied');
    // the list shows only the prefix, never the key
    expect(p.row('Shop server')!.textContent).toContain(`${SECRET.slice(0, 12)}…`);
    expect(p.q('api-key-scopes', p.row('Shop server')!)!.textContent).toBe('read and write');
    expect(p.q('api-keys-empty')).toBeNull();
    p.q<HTMLButtonElement>('api-key-done')!.click();
    await p.settle();
    expect(p.q('api-key-secret')).toBeNull();
    expect(p.el.textContent).not.toContain(SECRET);
  });

  it('shows the form errors: no name, no scope, and the server’s field error', async () => {
    const p = await render({ create: async () => Promise.reject(new GraphqlRequestError('BAD_USER_INPUT', 'A workspace may have at most 50 keys; revoke one first', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }])) });
    await p.check('api-key-read'); // unticks the default
    await p.submit();
    expect(p.q('api-key-name-error')!.textContent).toContain('Give the key a name');
    expect(p.q('api-key-scopes-error')!.textContent).toContain('Choose read, write or both');
    expect(p.service.create).not.toHaveBeenCalled();
    await p.type('api-key-name', 'Reporting');
    await p.check('api-key-read');
    await p.submit();
    expect(p.q('api-key-name-error')!.textContent).toContain('at most 50 keys');
    expect(p.q('api-key-secret')).toBeNull();
  });

  it('lists keys with last use and status, revokes after a confirmation, and follows other admins live', async () => {
    const p = await render({ keys: [key({ id: 'a', name: 'Shop server', lastUsedAt: '2026-12-03T09:00:00Z' }), key({ id: 'b', name: 'Old', scopes: ['read'], revokedAt: '2026-12-02T10:00:00Z', revokedByName: 'Admin Adam' })] });
    expect(p.q('api-key-last-used', p.row('Shop server')!)!.textContent).not.toBe('Never');
    expect(p.q('api-key-status', p.row('Old')!)!.textContent).toContain('Revoked');
    expect(p.q('api-key-status', p.row('Old')!)!.textContent).toContain('Admin Adam');
    expect(p.q('api-key-revoke', p.row('Old')!)).toBeNull();

    p.confirmer.ask.mockResolvedValueOnce(false);
    p.q<HTMLButtonElement>('api-key-revoke', p.row('Shop server')!)!.click();
    await p.settle();
    expect(p.service.revoke).not.toHaveBeenCalled();
    p.q<HTMLButtonElement>('api-key-revoke', p.row('Shop server')!)!.click();
    await p.settle();
    expect(p.confirmer.ask).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Revoke “Shop server”?', confirmLabel: 'Revoke' }));
    expect(p.service.revoke).toHaveBeenCalledWith('a');
    expect(p.q('api-key-status', p.row('Shop server')!)!.textContent).toContain('Revoked');

    // another admin creates a key: the list refetches
    await p.push([key({ id: 'c', name: 'Warehouse', scopes: ['write'] })]);
    expect(p.row('Warehouse')).not.toBeNull();
    expect(p.q('api-key-scopes', p.row('Warehouse')!)!.textContent).toBe('write');
    expect(scopesText([])).toBe('none');
  });
});
