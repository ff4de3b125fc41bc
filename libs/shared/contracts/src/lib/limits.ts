/** Limits on untrusted text, shared by the API (enforced), the operator app and the widget (shown early). */
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_CLIENT_ID_LENGTH = 64;
/** Visitor messages per second a socket may send on average, and the burst it may use. */
export const VISITOR_MESSAGES_PER_SECOND = 5;
export const VISITOR_MESSAGE_BURST = 20;
/** Largest WebSocket frame the visitor gateway accepts, in bytes. */
export const MAX_VISITOR_FRAME_BYTES = 32 * 1024;

/** Length as a person counts it (code points, so an emoji is one), used on both sides of the wire. */
export function messageLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Full-text search input (operator search box and the `search` query). */
export const MAX_SEARCH_QUERY_LENGTH = 200;

/** SPEC B1: operator avatars are exactly this many pixels square, at most MAX_AVATAR_BYTES. */
export const AVATAR_SIZE_PX = 50;
export const MAX_AVATAR_BYTES = 64 * 1024;
export const MAX_DISPLAY_NAME_LENGTH = 100;
/** Languages an operator speaks: ISO 639-1 codes (optionally with a region, e.g. pt-BR). */
export const MAX_OPERATOR_LANGUAGES = 20;
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/** Login brute-force limit: failed logins per e-mail and per IP address within the window. */
export const LOGIN_FAILURES_PER_EMAIL = 5;
export const LOGIN_FAILURES_PER_IP = 20;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** Past this many failures for one e-mail from all addresses, each attempt waits a doubling delay (1 s, 2 s, … ). */
export const LOGIN_BACKOFF_AFTER_FAILURES = 20;
export const LOGIN_BACKOFF_MAX_MS = 60_000;

/** Snooze (SPEC A4): until a time in the future, at most this many days ahead (the API refuses more; the web's custom-time dialog too). */
export const SNOOZE_MAX_DAYS = 365;
