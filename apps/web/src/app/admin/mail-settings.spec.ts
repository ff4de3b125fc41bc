import { ErrorCode } from '@parley/shared/contracts';
import { invitationProblem } from '../auth/invite-page';
import { GraphqlRequestError } from '../core/graphql-error';
import { fieldRows, parseEmailList } from './webchat-mail-settings';

describe('mail settings and invitation helpers', () => {
  it('reads notification addresses from lines, commas and semicolons', () => {
    expect(parseEmailList(' a@x.test,b@x.test;\n\nc@x.test  ')).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(parseEmailList('   ')).toEqual([]);
  });

  it('lists the configured fields first, in order, then the others unticked; unknown keys are dropped', () => {
    const rows = fieldRows([
      { key: 'message', required: true },
      { key: 'email', required: false },
      { key: 'shoeSize', required: true },
    ]);
    expect(rows.slice(0, 2)).toEqual([
      { key: 'message', ask: true, required: true },
      { key: 'email', ask: true, required: false },
    ]);
    expect(rows).toHaveLength(9);
    expect(rows.slice(2).every((r) => !r.ask && !r.required)).toBe(true);
  });

  it('explains each unusable invitation link by the API reason', () => {
    const err = (code: string, reason?: string) => new GraphqlRequestError(code, 'x', [{ message: 'x', extensions: { code, ...(reason ? { reason } : {}) } }]);
    expect(invitationProblem(err(ErrorCode.Conflict, 'INVITATION_USED'))).toContain('already been used');
    expect(invitationProblem(err(ErrorCode.TokenExpired, 'INVITATION_EXPIRED'))).toContain('expired');
    expect(invitationProblem(err(ErrorCode.Forbidden, 'INVITATION_REVOKED'))).toContain('withdrawn');
    expect(invitationProblem(err(ErrorCode.NotFound, 'INVITATION_UNKNOWN'))).toContain('not valid');
    expect(invitationProblem(err('NETWORK'))).toContain('Cannot reach Parley');
  });
});
