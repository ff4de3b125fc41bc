import { ErrorCode } from '@parley/shared/contracts';
import { describeError, GraphqlRequestError, isAlreadyExists } from './graphql-error';

describe('describeError', () => {
  it('says what exists already for a duplicate, not that someone changed the conversation', () => {
    const dup = new GraphqlRequestError(ErrorCode.Conflict, 'A quick reply with the shortcut /thx exists already', [
      { message: 'A quick reply with the shortcut /thx exists already', extensions: { code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', field: 'shortcut' } },
    ]);
    expect(isAlreadyExists(dup)).toBe(true);
    expect(describeError(dup)).toBe('A quick reply with the shortcut /thx exists already');
  });

  it('keeps the concurrency sentence for a conflict that is a concurrent change', () => {
    const race = new GraphqlRequestError(ErrorCode.Conflict, 'The conversation changed meanwhile; try again', [{ message: 'x', extensions: { code: ErrorCode.Conflict } }]);
    expect(isAlreadyExists(race)).toBe(false);
    expect(describeError(race)).toBe('Someone else changed this conversation. Reload and try again.');
  });
});
