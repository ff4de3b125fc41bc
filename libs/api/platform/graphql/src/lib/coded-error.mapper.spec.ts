import { ErrorCode } from '@parley/shared/contracts';
import { GraphQLError } from 'graphql';
import {
  codedGraphQLError,
  errorFrameOf,
  errorKind,
  INTERNAL_MESSAGE,
  SOCKET_INTERNAL_MESSAGE,
  SOCKET_UNAVAILABLE_MESSAGE,
  toErrorFrame,
  toGraphQLError,
  toSocketError,
  UNAVAILABLE_MESSAGE,
} from './coded-error.mapper';
import { badInput, DomainException, forbidden, notFound, unauthenticated } from './domain.exception';
import { formatGraphqlError } from './format-error';

const ALL_CODES = Object.values(ErrorCode);
const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 password=secret'), { code: 'ECONNREFUSED' });

/** A domain's own exception, as the domains declare theirs (ConversationsException, WebchatException…). */
class ShopException extends DomainException {
  override readonly domain = 'shop';
}

/** A domain exception whose socket answer names a field (as the web chat's FieldException does). */
class FieldLikeException extends DomainException {
  constructor(
    code: ErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(code, message, { field });
  }
  override toFrame() {
    return { ...super.toFrame(), field: this.field };
  }
}

describe('the coded error mapper', () => {
  describe.each(ALL_CODES)('code %s', (code) => {
    it('is the GraphQL extensions.code and the error frame code, with the message', () => {
      const e = new DomainException(code, `text of ${code}`);
      expect(toGraphQLError(e)).toEqual({ message: `text of ${code}`, extensions: { code } });
      expect(toErrorFrame(e)).toEqual({ type: 'error', code, message: `text of ${code}` });
      expect(errorKind(e)).toBe('coded');
    });

    it('keeps its wire value for a domain subclass, through the GraphQL formatter too', () => {
      const e = new ShopException(code, 'm');
      expect(e).toBeInstanceOf(DomainException);
      expect(e.domain).toBe('shop');
      expect(toGraphQLError(e).extensions.code).toBe(code);
      expect(toErrorFrame(e).code).toBe(code);
      const wrapped = new GraphQLError('m', { originalError: e });
      expect(formatGraphqlError({ message: 'm' }, wrapped).extensions?.['code']).toBe(code);
    });
  });

  it('the generic exception belongs to the platform domain', () => {
    expect(new DomainException(ErrorCode.NotFound, 'x').domain).toBe('platform');
    expect(notFound('Tag').toGraphQLError()).toEqual({ message: 'Tag not found', extensions: { code: ErrorCode.NotFound } });
    expect(forbidden().code).toBe(ErrorCode.Forbidden);
    expect(unauthenticated(undefined, 'EXPIRED').toGraphQLError().extensions).toEqual({ code: ErrorCode.Unauthenticated, reason: 'EXPIRED' });
  });

  it('GraphQL extensions carry the details; a frame carries only retryAfterMs and fieldErrors of them', () => {
    const e = badInput('Bad', { field: 'email', fieldErrors: [{ field: 'email', message: 'Enter an e-mail' }], retryAfterMs: 250, internalId: 'x' });
    expect(toGraphQLError(e)).toEqual({
      message: 'Bad',
      extensions: { code: ErrorCode.BadUserInput, field: 'email', fieldErrors: [{ field: 'email', message: 'Enter an e-mail' }], retryAfterMs: 250, internalId: 'x' },
    });
    expect(toSocketError(e)).toEqual({ kind: 'coded', code: ErrorCode.BadUserInput, message: 'Bad', fieldErrors: [{ field: 'email', message: 'Enter an e-mail' }], retryAfterMs: 250 });
    // an `error` frame has no fieldErrors (an offline form's result does)
    expect(toErrorFrame(e)).toEqual({ type: 'error', code: ErrorCode.BadUserInput, message: 'Bad', retryAfterMs: 250 });
  });

  it('a retryAfterMs that is not a number is not sent', () => {
    const e = new DomainException(ErrorCode.RateLimited, 'Slow down', { retryAfterMs: '100' });
    expect(e.retryAfterMs).toBeUndefined();
    expect(toErrorFrame(e)).toEqual({ type: 'error', code: ErrorCode.RateLimited, message: 'Slow down' });
  });

  it('adds the request ids of the frame answered', () => {
    const e = new DomainException(ErrorCode.RateLimited, 'Slow down', { retryAfterMs: 100 });
    expect(toErrorFrame(e, { clientId: 'c1' })).toEqual({ type: 'error', code: ErrorCode.RateLimited, message: 'Slow down', clientId: 'c1', retryAfterMs: 100 });
    expect(toErrorFrame(e, { messageId: 'm1', frame: 'edit' })).toMatchObject({ messageId: 'm1', frame: 'edit' });
  });

  it('a domain may add to its frame (the field at fault)', () => {
    const e = new FieldLikeException(ErrorCode.BadUserInput, 'email', 'Enter an e-mail');
    expect(toErrorFrame(e, { frame: 'contact' })).toEqual({ type: 'error', code: ErrorCode.BadUserInput, message: 'Enter an e-mail', frame: 'contact', field: 'email' });
    expect(toGraphQLError(e).extensions).toEqual({ code: ErrorCode.BadUserInput, field: 'email' });
  });

  it('an outage of PostgreSQL or Redis is UNAVAILABLE and retriable, without its message', () => {
    expect(errorKind(outage())).toBe('unavailable');
    expect(toGraphQLError(outage())).toEqual({ message: UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.Unavailable, retriable: true } });
    expect(toErrorFrame(outage(), { frame: 'hello' })).toEqual({ type: 'error', code: ErrorCode.Unavailable, message: SOCKET_UNAVAILABLE_MESSAGE, frame: 'hello', retriable: true });
    expect(toErrorFrame(outage(), {}, { unavailableMessage: 'Retrying your message…' }).message).toBe('Retrying your message…');
    expect(JSON.stringify(toErrorFrame(outage()))).not.toContain('secret');
  });

  it.each([
    ['an Error', new Error('relation "secret_table" does not exist')],
    ['a TypeError', new TypeError('Cannot read properties of undefined (reading "secret")')],
    ['a thrown string', 'secret string'],
    ['a thrown object with a code', { code: 'SECRET', message: 'secret' }],
    ['null', null],
    ['undefined', undefined],
  ])('anything else (%s) is INTERNAL, its message never leaves', (_name, error) => {
    expect(errorKind(error)).toBe('internal');
    expect(codedGraphQLError(error)).toBeNull();
    const graphql = toGraphQLError(error);
    expect(graphql).toEqual({ message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.Internal } });
    const frame = toErrorFrame(error, { clientId: 'c1' });
    expect(frame).toEqual({ type: 'error', code: ErrorCode.Internal, message: SOCKET_INTERNAL_MESSAGE, clientId: 'c1' });
    expect(JSON.stringify([graphql, frame])).not.toContain('secret');
  });

  it('a frame safe to resend answers any unexpected error as a retriable outage', () => {
    const answer = toSocketError(new Error('secret'), { unknownIsUnavailable: true, unavailableMessage: 'Retrying…' });
    expect(answer).toEqual({ kind: 'unavailable', code: ErrorCode.Unavailable, message: 'Retrying…', retriable: true });
    // a coded exception is still its own answer
    expect(toSocketError(notFound('Message'), { unknownIsUnavailable: true }).code).toBe(ErrorCode.NotFound);
    expect(errorFrameOf(answer, { clientId: 'c' })).toEqual({ type: 'error', code: ErrorCode.Unavailable, message: 'Retrying…', clientId: 'c', retriable: true });
  });
});
