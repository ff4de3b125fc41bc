/** Codes carried by GraphQL errors (extensions.code) and visitor socket errors. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TokenExpired = 'TOKEN_EXPIRED',
  MessageTooLong = 'MESSAGE_TOO_LONG',
  EmptyMessage = 'EMPTY_MESSAGE',
  UnknownChannel = 'UNKNOWN_CHANNEL',
  ChannelInactive = 'CHANNEL_INACTIVE',
  BadFrame = 'BAD_FRAME',
  NotReady = 'NOT_READY',
  Internal = 'INTERNAL',
  /** A dependency (database, Redis) did not answer: the same request may be sent again (error frames carry `retriable: true`). */
  Unavailable = 'UNAVAILABLE',
  /** Editing refused: not the author's last message, or older than EDIT_WINDOW_MS. */
  EditNotAllowed = 'EDIT_NOT_ALLOWED',
  /** Attachments (SPEC A9): not a PNG, JPEG, GIF, WebP or PDF by its content. */
  UnsupportedFileType = 'UNSUPPORTED_FILE_TYPE',
  /** Attachments: larger than MAX_ATTACHMENT_BYTES. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** SPEC D2: a bot answer that is not offered now (an older step, or an unknown button). */
  BotStaleAnswer = 'BOT_STALE_ANSWER',
  /** SPEC D2: the bot no longer handles this chat (an operator has it, or it ended). */
  BotNotActive = 'BOT_NOT_ACTIVE',
  /**
   * Sign-in: the e-mail and password are right for operators of several workspaces; `extensions.workspaces`
   * lists them ({ id, name, slug }) and login is sent again with the chosen `workspaceId`.
   */
  WorkspaceChoice = 'WORKSPACE_CHOICE',
  /** E1: a tag rename / recolour / delete job is running in the workspace; other tag edits wait for it (`extensions.jobId`). */
  TagJobRunning = 'TAG_JOB_RUNNING',
  /** E7: AI summaries are switched off or have no endpoint (Settings › AI tools). */
  AiNotConfigured = 'AI_NOT_CONFIGURED',
}

/**
 * `extensions.reason` of a CONFLICT whose conversation another operator took first (issue #17):
 * the error also carries `assignee` ({ id, displayName }) and `status`, the state the winner left.
 */
export const CONFLICT_TAKEN = 'TAKEN';
