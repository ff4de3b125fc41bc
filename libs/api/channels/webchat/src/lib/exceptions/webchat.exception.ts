import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';

/** The codes the webchat domain answers with (ErrorCode wire values: the GraphQL and socket contract). */
export const WEBCHAT_ERROR_CODES = [
  ErrorCode.BadUserInput,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.Conflict,
  ErrorCode.RateLimited,
  ErrorCode.UnknownChannel,
  ErrorCode.ChannelInactive,
  ErrorCode.BadFrame,
  ErrorCode.NotReady,
  ErrorCode.BotStaleAnswer,
  ErrorCode.BotNotActive,
  ErrorCode.MessageTooLong,
  ErrorCode.EmptyMessage,
  ErrorCode.EditNotAllowed,
  ErrorCode.UnsupportedFileType,
  ErrorCode.FileTooLarge,
] as const;

export type WebchatErrorCode = (typeof WEBCHAT_ERROR_CODES)[number];

/**
 * A failure of the web chat channel (the visitor socket's frames, the widget, its bot and offline form).
 * Mapped to GraphQL errors and socket frames by the one mapper (`toGraphQLError` / `toErrorFrame`
 * of @parley/api/platform/graphql); `instanceof DomainException` holds.
 */
export class WebchatException extends DomainException {
  declare readonly code: WebchatErrorCode;
  override readonly domain = 'webchat';

  constructor(code: WebchatErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'WebchatException';
  }
}

/** A frame that is not what the protocol says (BAD_FRAME). */
export const badFrame = (message: string) => new WebchatException(ErrorCode.BadFrame, message);
/** A frame that needs a visitor before `hello` made one (NOT_READY). */
export const notReady = () => new WebchatException(ErrorCode.NotReady, 'Send hello first');
