import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode, MAX_MESSAGE_LENGTH, messageLength } from '@parley/shared/contracts';

/**
 * Validates untrusted message text: not blank, at most MAX_MESSAGE_LENGTH characters, no NUL
 * (PostgreSQL text cannot hold it). The text is stored as written; it is escaped where shown.
 */
export function normalizeMessageBody(body: unknown): string {
  if (typeof body !== 'string') throw new DomainException(ErrorCode.BadUserInput, 'The message must be text');
  // eslint-disable-next-line no-control-regex
  const clean = body.replace(/\u0000/g, '').replace(/\r\n/g, '\n');
  if (clean.trim().length === 0) throw new DomainException(ErrorCode.EmptyMessage, 'The message is empty');
  if (messageLength(clean) > MAX_MESSAGE_LENGTH) {
    throw new DomainException(ErrorCode.MessageTooLong, `The message is longer than ${MAX_MESSAGE_LENGTH} characters`, { maxLength: MAX_MESSAGE_LENGTH });
  }
  return clean;
}

export function previewOf(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine;
}
