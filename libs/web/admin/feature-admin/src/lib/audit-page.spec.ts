import { auditVariables } from './audit-page';

describe('auditVariables', () => {
  it('turns the URL days into local midnights, the To day included', () => {
    const v = auditVariables({ actor: 'a', action: 'group.created', from: '2026-12-01', to: '2026-12-03' });
    expect(v).toEqual({ actorId: 'a', action: 'group.created', from: new Date(2026, 11, 1).toISOString(), to: new Date(2026, 11, 4).toISOString() });
  });

  it('leaves empty filters out and passes anything else as typed, for the API to refuse with its field', () => {
    expect(auditVariables({ actor: '', action: '', from: '', to: '' })).toEqual({ actorId: null, action: null, from: null, to: null });
    expect(auditVariables({ actor: '', action: '', from: 'yesterday', to: '2026-12-31T10:00' })).toMatchObject({ from: 'yesterday', to: '2026-12-31T10:00' });
    expect(auditVariables({ actor: '', action: '', from: '2026-02-30', to: '' })).toMatchObject({ from: '2026-02-30' });
  });
});
