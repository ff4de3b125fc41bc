import { ContactsException, CONTACTS_ERROR_CODES } from '@parley/api/contacts';
import { ConversationsException, CONVERSATIONS_ERROR_CODES } from '@parley/api/conversations';
import { IdentityException, IDENTITY_ERROR_CODES } from '@parley/api/identity';
import { DomainException, toErrorFrame, toGraphQLError } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';
import { FieldException } from '../visitor-features.service';
import { badFrame, notReady, WebchatException, WEBCHAT_ERROR_CODES } from './webchat.exception';

type DomainClass = new (code: never, message: string, details?: Record<string, unknown>) => DomainException;

const DOMAINS: Array<[string, DomainClass, readonly ErrorCode[]]> = [
  ['conversations', ConversationsException as DomainClass, CONVERSATIONS_ERROR_CODES],
  ['contacts', ContactsException as DomainClass, CONTACTS_ERROR_CODES],
  ['identity', IdentityException as DomainClass, IDENTITY_ERROR_CODES],
  ['webchat', WebchatException as DomainClass, WEBCHAT_ERROR_CODES],
];

describe.each(DOMAINS)('%s exceptions', (domain, Exception, codes) => {
  it('use ErrorCode wire values only, each once', () => {
    const wire = new Set<string>(Object.values(ErrorCode));
    for (const code of codes) expect(wire.has(code)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(codes.map((c) => [c]))('%s is the GraphQL extensions.code and the frame code, unchanged', (code) => {
    const e = new Exception(code as never, 'Something', { retryAfterMs: 30 });
    expect(e).toBeInstanceOf(DomainException);
    expect(e.domain).toBe(domain);
    expect(e.name).toBe(Exception.name);
    expect(toGraphQLError(e)).toEqual({ message: 'Something', extensions: { code, retryAfterMs: 30 } });
    expect(toErrorFrame(e, { clientId: 'c1' })).toEqual({ type: 'error', code, message: 'Something', clientId: 'c1', retryAfterMs: 30 });
  });
});

describe('web chat frame exceptions', () => {
  it('badFrame and notReady are the protocol errors of the socket', () => {
    expect(toErrorFrame(badFrame('Frames must be JSON'))).toEqual({ type: 'error', code: ErrorCode.BadFrame, message: 'Frames must be JSON' });
    expect(toErrorFrame(notReady())).toEqual({ type: 'error', code: ErrorCode.NotReady, message: 'Send hello first' });
  });

  it("a widget extra's bad value names its field in the frame and in GraphQL", () => {
    const e = new FieldException(ErrorCode.BadUserInput, 'email', 'Enter a valid e-mail address');
    expect(toErrorFrame(e, { frame: 'contact' })).toEqual({ type: 'error', code: ErrorCode.BadUserInput, message: 'Enter a valid e-mail address', frame: 'contact', field: 'email' });
    expect(toGraphQLError(e).extensions).toEqual({ code: ErrorCode.BadUserInput, field: 'email' });
  });
});
