import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';

/** The codes the contacts domain answers with (ErrorCode wire values: the GraphQL and socket contract). */
export const CONTACTS_ERROR_CODES = [
  ErrorCode.BadUserInput,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.Conflict,
] as const;

export type ContactsErrorCode = (typeof CONTACTS_ERROR_CODES)[number];

/**
 * A failure of the contacts domain (clients, identities, tags, contact edits, merge).
 * Mapped to GraphQL errors and socket frames by the one mapper (`toGraphQLError` / `toErrorFrame`
 * of @parley/api/platform/graphql); `instanceof DomainException` holds.
 */
export class ContactsException extends DomainException {
  declare readonly code: ContactsErrorCode;
  override readonly domain = 'contacts';

  constructor(code: ContactsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ContactsException';
  }
}
