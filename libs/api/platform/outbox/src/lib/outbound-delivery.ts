/** Where a delivery stands. `delivered` and `read` are for providers that report them (Telegram, WhatsApp); SMTP stops at `sent`. */
export type OutboundDeliveryState = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** One row of `outbound_deliveries`: one message that leaves Parley through one sender kind. */
export interface OutboundDelivery<P = unknown> {
  id: string;
  workspaceId: string | null;
  /** Picks the sender (`@OutboundSender(kind)`), e.g. `email`; tomorrow `telegram`, `whatsapp`. */
  kind: string;
  /** Who receives it, as the sender understands it (e-mail addresses, a chat id, a phone number). */
  target: string;
  payload: P;
  state: OutboundDeliveryState;
  failureReason: string | null;
  /** Attempts made so far, including the one running now. */
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  /** The provider's id of the sent message (the SMTP Message-ID). */
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What domain code hands the outbox. */
export interface NewOutboundDelivery<P = unknown> {
  workspaceId?: string | null;
  kind: string;
  target: string;
  payload: P;
  /** The same key for the same kind twice is one delivery (a repeated job, a retried request). */
  dedupeKey?: string;
}

export const DELIVER_OUTBOUND_JOB = 'deliver-outbound';
export const SWEEP_OUTBOUND_JOB = 'sweep-outbound';

export interface DeliverOutboundJobData {
  id: string;
}

/** The wait before attempt `attempt + 1` after `attempt` failed ones: base, 2×base, 4×base, … */
export function outboundBackoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rowToDelivery(r: any): OutboundDelivery {
  return {
    id: r.id,
    workspaceId: r.workspace_id ?? null,
    kind: r.kind,
    target: r.target,
    payload: r.payload,
    state: r.state,
    failureReason: r.failure_reason ?? null,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    nextAttemptAt: new Date(r.next_attempt_at),
    externalId: r.external_id ?? null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * Thrown by a sender when trying again cannot help (a blocked bot, a closed 24-hour window, a
 * recipient that does not exist, a refused token, an SMTP 5xx): the delivery fails at once with the
 * reason. Any other error is retried with backoff; an error with a numeric `retryAfterMs` (a
 * provider's 429 with Retry-After) waits that long instead, within the same attempt budget.
 */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
  constructor(message: string, readonly code = 'PERMANENT') {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The wait a provider asked for (an error's `retryAfterMs`), capped at an hour; undefined when it did not. */
export function retryAfterOf(e: unknown): number | undefined {
  const v = (e as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, 3_600_000) : undefined;
}

export function isPermanentDeliveryError(e: unknown): boolean {
  return e instanceof PermanentDeliveryError || (e as { permanent?: unknown } | null)?.permanent === true;
}
