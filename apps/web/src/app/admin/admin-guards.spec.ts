import { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';
import { unsavedChangesGuard } from './admin-guards';

describe('unsavedChangesGuard', () => {
  const route = {} as ActivatedRouteSnapshot;
  const state = {} as RouterStateSnapshot;
  afterEach(() => jest.restoreAllMocks());

  it('lets a clean form go without asking', () => {
    const confirm = jest.spyOn(window, 'confirm');
    expect(unsavedChangesGuard({ hasUnsavedChanges: () => false }, route, state, state)).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks before leaving unsaved changes and stays when the admin says no', () => {
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    expect(unsavedChangesGuard({ hasUnsavedChanges: () => true }, route, state, state)).toBe(false);
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/unsaved changes/i));
    confirm.mockReturnValue(true);
    expect(unsavedChangesGuard({ hasUnsavedChanges: () => true }, route, state, state)).toBe(true);
  });
});
