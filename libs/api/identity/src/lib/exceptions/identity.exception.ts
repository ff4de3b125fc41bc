import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';

/** The codes the identity domain answers with (ErrorCode wire values: the GraphQL and socket contract). */
export const IDENTITY_ERROR_CODES = [
  ErrorCode.BadUserInput,
  ErrorCode.Unauthenticated,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.Conflict,
  ErrorCode.RateLimited,
  ErrorCode.InvalidCredentials,
  ErrorCode.TokenExpired,
  ErrorCode.WorkspaceChoice,
] as const;

export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

/**
 * A failure of the identity domain (operators, sessions, invitations, groups, workspaces).
 * Mapped to GraphQL errors and socket frames by the one mapper (`toGraphQLError` / `toErrorFrame`
 * of @parley/api/platform/graphql); `instanceof DomainException` holds.
 */
export class IdentityException extends DomainException {
  declare readonly code: IdentityErrorCode;
  override readonly domain = 'identity';

  constructor(code: IdentityErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'IdentityException';
  }
}
