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
