/** Checks on what the visitor typed, shown before anything is sent. */
import { MAX_MESSAGE_LENGTH, messageLength } from '@parley/shared/contracts';

export interface DraftCheck {
  /** The text to send (trimmed), when sendable. */
  body: string;
  canSend: boolean;
  /** Shown under the input; empty when there is nothing to say. */
  error: string;
  /** e.g. "3 950 / 4000"; empty until the text gets near the limit. */
  counter: string;
  /** Characters over `max` (0 when within it) and the limit, for the translated error (SPEC C5). */
  over: number;
  max: number;
}

/** The counter appears within this many characters of the limit. */
export const COUNTER_THRESHOLD = 500;

export function checkDraft(text: unknown, max: number = MAX_MESSAGE_LENGTH): DraftCheck {
  const value = typeof text === 'string' ? text : '';
  const body = value.trim();
  const length = messageLength(body);
  const counter = length >= max - COUNTER_THRESHOLD ? `${length} / ${max}` : '';
  if (!body) return { body, canSend: false, error: '', counter, over: 0, max };
  if (length > max) {
    return { body, canSend: false, error: `Message is too long: ${length - max} characters over the limit of ${max}.`, counter, over: length - max, max };
  }
  return { body, canSend: true, error: '', counter, over: 0, max };
}
