import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';

/** The codes the conversations domain answers with (ErrorCode wire values: the GraphQL and socket contract). */
export const CONVERSATIONS_ERROR_CODES = [
  ErrorCode.BadUserInput,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.Conflict,
  ErrorCode.RateLimited,
  ErrorCode.MessageTooLong,
  ErrorCode.EmptyMessage,
  ErrorCode.EditNotAllowed,
  ErrorCode.UnsupportedFileType,
  ErrorCode.FileTooLarge,
  ErrorCode.ChannelInactive,
] as const;

export type ConversationsErrorCode = (typeof CONVERSATIONS_ERROR_CODES)[number];

/**
 * A failure of the conversations domain (messages, statuses, routing, attachments, agent tools).
 * Mapped to GraphQL errors and socket frames by the one mapper (`toGraphQLError` / `toErrorFrame`
 * of @parley/api/platform/graphql); `instanceof DomainException` holds.
 */
export class ConversationsException extends DomainException {
  declare readonly code: ConversationsErrorCode;
  override readonly domain = 'conversations';

  constructor(code: ConversationsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ConversationsException';
  }
}
