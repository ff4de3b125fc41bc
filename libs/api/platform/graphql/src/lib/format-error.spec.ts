import { BadRequestException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainException } from './domain.exception';
import { formatGraphqlError } from './format-error';
import { ErrorCode } from '@parley/shared/contracts';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original });

describe('formatGraphqlError', () => {
  it('keeps the code and message of a domain exception', () => {
    const e = wrap(new DomainException(ErrorCode.Forbidden, 'Observers cannot reply'));
    expect(formatGraphqlError({ message: e.message }, e)).toMatchObject({ message: 'Observers cannot reply', extensions: { code: 'FORBIDDEN' } });
  });

  it('turns validation failures into BAD_USER_INPUT with the field messages', () => {
    const e = wrap(new BadRequestException(['email must be an email']));
    expect(formatGraphqlError({ message: 'Bad Request Exception' }, e)).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['email must be an email'] },
    });
  });

  it('hides unexpected errors behind INTERNAL', () => {
    const e = wrap(new Error('connection string postgres://secret'));
    const out = formatGraphqlError({ message: e.message }, e);
    expect(out).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL' } });
    expect(JSON.stringify(out)).not.toContain('secret');
  });

  it('passes document errors through with their code', () => {
    const out = formatGraphqlError({ message: 'Syntax Error: Unexpected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new GraphQLError('x'));
    expect(out.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
  });
});
