import { ErrorCode } from '@parley/shared/contracts';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { routingError } from './routing-operations';

describe('routingError', () => {
  it('shows the server message for input, conflict and not-found errors (it names the field)', () => {
    expect(routingError(new GraphqlRequestError(ErrorCode.Conflict, 'A group with this name already exists'))).toBe('A group with this name already exists');
    expect(routingError(new GraphqlRequestError(ErrorCode.BadUserInput, 'maxChats: a whole number from 0 to 1000'))).toBe('maxChats: a whole number from 0 to 1000');
    expect(routingError(new GraphqlRequestError(ErrorCode.NotFound, 'Group not found'))).toBe('Group not found');
  });

  it('keeps the generic wording for the rest', () => {
    expect(routingError(new GraphqlRequestError(ErrorCode.Forbidden, 'Forbidden resource'))).toBe('You do not have permission to do that.');
    expect(routingError(GraphqlRequestError.network(new Error('offline')))).toContain('Cannot reach Parley');
  });
});
