import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';
import { Confirmer, ConfirmOptions } from '@parley/web/shared/ui';
import { unsavedChangesGuard } from './admin-guards';

describe('unsavedChangesGuard', () => {
  const route = {} as ActivatedRouteSnapshot;
  const state = {} as RouterStateSnapshot;
  let answer = false;
  const asked: ConfirmOptions[] = [];

  beforeEach(() => {
    asked.length = 0;
    TestBed.configureTestingModule({ providers: [{ provide: Confirmer, useValue: { ask: async (o: ConfirmOptions) => (asked.push(o), answer) } }] });
  });
  const guard = (dirty: boolean) => TestBed.runInInjectionContext(() => unsavedChangesGuard({ hasUnsavedChanges: () => dirty }, route, state, state));

  it('lets a clean form go without asking', () => {
    expect(guard(false)).toBe(true);
    expect(asked).toEqual([]);
  });

  it('asks in the Material confirm dialog before leaving unsaved changes and stays when the admin says no', async () => {
    answer = false;
    expect(await guard(true)).toBe(false);
    expect(asked[0].message).toMatch(/unsaved changes/i);
    answer = true;
    expect(await guard(true)).toBe(true);
  });

  it('never uses the native confirm()', async () => {
    const native = jest.spyOn(window, 'confirm');
    answer = true;
    await guard(true);
    expect(native).not.toHaveBeenCalled();
    native.mockRestore();
  });
});
