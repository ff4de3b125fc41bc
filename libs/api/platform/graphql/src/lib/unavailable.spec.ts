import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { QueryFailedError } from 'typeorm';
import { isUnavailableError } from './unavailable';

describe('isUnavailableError', () => {
  it('recognises an unreachable PostgreSQL or Redis, directly or wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isUnavailableError(refused)).toBe(true);
    expect(isUnavailableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailableError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailableError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isUnavailableError(new MaxRetriesPerRequestError(20))).toBe(true);
    expect(isUnavailableError(new Error('Connection is closed.'))).toBe(true);
    expect(isUnavailableError(new QueryFailedError('SELECT 1', [], Object.assign(new Error('Connection terminated'), { code: undefined })))).toBe(true);
    // graphql-js wraps values thrown from another realm
    expect(isUnavailableError({ name: 'NonErrorThrown', thrownValue: { code: 'ECONNREFUSED' } })).toBe(true);
    expect(isUnavailableError({ name: 'AggregateError', errors: [refused] })).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isUnavailableError(new Error('boom'))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnavailableError(null)).toBe(false);
    expect(isUnavailableError('ECONNREFUSED')).toBe(false);
  });
});
