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

describe('unique violations (PostgreSQL 23505)', () => {
  const pg = (constraint: string, detail = '') => Object.assign(new Error('duplicate key value violates unique constraint'), { driverError: { code: '23505', constraint, detail } });
  const fmt = (e: unknown) => formatGraphqlError({ message: 'x' }, e);

  it('maps by constraint name to a specific message, with reason ALREADY_EXISTS and the field', () => {
    expect(fmt(pg('quick_replies_shortcut_key', 'Key (workspace_id, COALESCE(owner_id, \'0\'::uuid), shortcut)=(w, o, thx) already exists.'))).toMatchObject({
      message: 'A quick reply with the shortcut /thx exists already',
      extensions: { code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', field: 'shortcut' },
    });
    expect(fmt(pg('tags_workspace_name_key', 'Key (workspace_id, lower(name))=(w, vip) already exists.')).message).toBe('A tag named “vip” exists already');
    expect(fmt(pg('operators_email_key')).message).toBe('An operator with this e-mail already exists');
    expect(fmt(pg('operators_workspace_email_key')).extensions).toMatchObject({ code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS', field: 'email' });
    expect(fmt(pg('permission_groups_name_key')).message).toBe('A permission group with this name already exists');
  });

  it('falls back to a generic "already exists", never INTERNAL nor the concurrency text', () => {
    expect(fmt(pg('some_new_key'))).toMatchObject({ message: 'This already exists', extensions: { code: ErrorCode.Conflict, reason: 'ALREADY_EXISTS' } });
    expect(fmt(Object.assign(new Error('boom'), { code: '23503' })).extensions?.['code']).toBe(ErrorCode.Internal);
  });
});
