import { MAX_MESSAGE_LENGTH, messageLength } from '@parley/shared/contracts';

export type ComposerError = 'empty' | 'too_long';

export type ComposerCheck = { ok: true; body: string } | { ok: false; error: ComposerError };

/** Show the counter once the draft uses this share of the limit. */
export const COUNTER_THRESHOLD = 0.9;

/** What the composer would send: the draft without surrounding blank space, inner newlines kept. */
export function checkMessageBody(draft: string | null | undefined, max = MAX_MESSAGE_LENGTH): ComposerCheck {
  const body = (draft ?? '').trim();
  if (body.length === 0) return { ok: false, error: 'empty' };
  if (messageLength(body) > max) return { ok: false, error: 'too_long' };
  return { ok: true, body };
}

export function shouldShowCounter(draft: string, max = MAX_MESSAGE_LENGTH): boolean {
  return messageLength(draft) >= Math.floor(max * COUNTER_THRESHOLD);
}

export function composerErrorText(error: ComposerError, length: number, max = MAX_MESSAGE_LENGTH): string {
  return error === 'empty'
    ? 'Write a message first.'
    : `The message is too long: ${length.toLocaleString('en')} of ${max.toLocaleString('en')} characters. Shorten it by ${(length - max).toLocaleString('en')}.`;
}
