import { ErrorCode } from '@parley/shared/contracts';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { invitationProblem } from './invite-page';

describe('invitation helpers', () => {
  it('explains each unusable invitation link by the API reason', () => {
    const err = (code: string, reason?: string) => new GraphqlRequestError(code, 'x', [{ message: 'x', extensions: { code, ...(reason ? { reason } : {}) } }]);
    expect(invitationProblem(err(ErrorCode.Conflict, 'INVITATION_USED'))).toContain('already been used');
    expect(invitationProblem(err(ErrorCode.TokenExpired, 'INVITATION_EXPIRED'))).toContain('expired');
    expect(invitationProblem(err(ErrorCode.Forbidden, 'INVITATION_REVOKED'))).toContain('withdrawn');
    expect(invitationProblem(err(ErrorCode.NotFound, 'INVITATION_UNKNOWN'))).toContain('not valid');
    expect(invitationProblem(err('NETWORK'))).toContain('Cannot reach Parley');
  });
});
