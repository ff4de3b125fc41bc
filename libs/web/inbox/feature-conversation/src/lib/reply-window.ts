/**
 * Issue #10: a channel that lets a business answer only for a while after the client wrote
 * (WhatsApp's 24-hour customer-service window). Null when the channel has no window. A
 * conversation in which the client never wrote has its window closed.
 */
export interface ReplyWindow {
  open: boolean;
  /** When it closes (closed: when it closed), or null when the client never wrote. */
  endsAt: Date | null;
  /** What the composer says: the time left, or why a reply cannot be sent now. */
  text: string;
}

export function replyWindow(hours: number | null | undefined, lastInboundAt: string | null, now: number, channelName = 'This channel'): ReplyWindow | null {
  if (!hours || hours <= 0) return null;
  const last = lastInboundAt ? Date.parse(lastInboundAt) : NaN;
  if (!Number.isFinite(last)) {
    return { open: false, endsAt: null, text: `${channelName} allows replies only within ${hours} hours of the client's message, and the client has not written yet.` };
  }
  const endsAt = new Date(last + hours * 3_600_000);
  const left = endsAt.getTime() - now;
  if (left <= 0) {
    return {
      open: false,
      endsAt,
      text: `The ${hours}-hour reply window closed ${endsAt.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}: a reply can be sent once the client writes again.`,
    };
  }
  return { open: true, endsAt, text: `Reply window: ${duration(left)} left (${hours} hours after the client's last message).` };
}

function duration(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}
