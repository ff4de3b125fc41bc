import { createHmac } from 'node:crypto';
import { FakeTelegram } from '../../../libs/api/channels/telegram/src/testing/fake-telegram';

/**
 * Pure helpers of the channel benchmark: the webhook bodies as the providers send them, the key a
 * message carries in its text, the fake's failure schedule, a retry queue for the floor's loop and
 * the floor ratio. No I/O here, so they are unit-tested (shapes.spec.ts).
 *
 * The WhatsApp body and signature are written here rather than imported from the WhatsApp
 * library's fake (`signWebhook`, `waWebhookBody` in fake-whatsapp.ts, the same format): that file
 * loads the channel core (NestJS, TypeORM) at runtime, which the benchmark and its type-check do
 * not. The server checks every signature, so a drift from Meta's format shows as 401s in a run.
 */

/** The text of benchmark message k: the key first, so the agent and the database find it. */
export function messageText(prefix: string, k: number): string {
  return `${prefix}${k} Where is my order? (benchmark message)`;
}

/** The k of a benchmark text of this prefix, or undefined (another phase's message, a reply). */
export function keyOf(text: string | null | undefined, prefix: string): number | undefined {
  if (!text || !text.startsWith(prefix)) return undefined;
  const m = /^(\d+)(?: |$)/.exec(text.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
}

/** Message k comes from one of `chats` clients in turn (each client's conversation gets k/chats of them). */
export function chatFor(k: number, chats: number, base: number): number {
  return base + (k % chats);
}

/** A private-chat text update as Telegram posts it (FakeTelegram.textUpdate), with ids fixed by k. */
export function telegramWebhook(prefix: string, k: number, o: { chats: number; baseChatId: number; updateBase: number; messageBase: number }): string {
  const chatId = chatFor(k, o.chats, o.baseChatId);
  // message ids go on counting from run to run: a chat's message id is its identity at Telegram
  return JSON.stringify(FakeTelegram.textUpdate({ chatId, messageId: o.messageBase + k + 1, updateId: o.updateBase + k, text: messageText(prefix, k), firstName: `Bench ${chatId}` }));
}

/** One text message in Meta's webhook body (one entry, one change), as WhatsApp Cloud API posts it. */
export function whatsappWebhook(prefix: string, k: number, o: { chats: number; baseWaId: number; phoneNumberId: string; wamidPrefix: string; nowS?: number }): string {
  const waId = String(chatFor(k, o.chats, o.baseWaId));
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100199', phone_number_id: o.phoneNumberId },
              contacts: [{ profile: { name: `Bench ${waId}` }, wa_id: waId }],
              messages: [{ from: waId, id: `${o.wamidPrefix}${k}`, timestamp: String(o.nowS ?? Math.floor(Date.now() / 1000)), type: 'text', text: { body: messageText(prefix, k) } }],
            },
          },
        ],
      },
    ],
  });
}

/** X-Hub-Signature-256 of the exact bytes, as Meta signs a webhook with the app secret. */
export function metaSignature(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/**
 * The fake's 429s for "fail `percent` % of the calls": every n-th call fails, so a
 * FakeTelegram.failNext entry with `skip = n - 1` per failure; `times` entries cover `successes`
 * accepted calls (each failure is one more call, tried again later).
 */
export function failureSchedule(successes: number, percent: number): { every: number; skip: number; times: number } {
  if (!(percent > 0)) return { every: Infinity, skip: 0, times: 0 };
  if (percent >= 100) throw new Error('a failure rate of 100 % never delivers anything');
  const every = Math.max(2, Math.round(100 / percent));
  return { every, skip: every - 1, times: Math.ceil(successes / (every - 1)) };
}

/**
 * The floor's work list: an item answered 429 goes back with the provider's wait and no worker
 * sits idle through it (as the outbox does it with a delayed job); once its wait is over it goes
 * before the items not tried yet, so a retry is not stuck behind the whole backlog.
 */
export class DueQueue<T> {
  private ready: T[] = [];
  private readyAt = 0;
  private waiting: Array<{ at: number; item: T }> = [];

  constructor(items: Iterable<T>) {
    this.ready = [...items];
  }

  get size(): number {
    return this.ready.length - this.readyAt + this.waiting.length;
  }

  later(item: T, at: number): void {
    this.waiting.push({ at, item });
  }

  /** The next item due at `now`, or how long until one is (Infinity: nothing left). */
  take(now: number): { item: T } | { waitMs: number } {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) if (best < 0 || this.waiting[i].at < this.waiting[best].at) best = i;
    if (best >= 0 && this.waiting[best].at <= now) return { item: this.waiting.splice(best, 1)[0].item };
    if (this.readyAt < this.ready.length) return { item: this.ready[this.readyAt++] };
    if (best < 0) return { waitMs: Infinity };
    return { waitMs: this.waiting[best].at - now };
  }
}

/** Parley's figure against the floor's: "0.25×" (higher is better for rates, lower for times). */
export function ratio(measured: number, floor: number): number {
  if (!Number.isFinite(measured) || !Number.isFinite(floor) || floor === 0) return NaN;
  return measured / floor;
}

/** Message k's record in one run: its answers, its first storing answer and its arrivals at the agent. */
export class Ledger {
  readonly answered: Uint8Array;
  readonly storedAt: Float64Array;
  readonly seenAt: Float64Array;
  readonly seenCount: Uint16Array;
  stored = 0;
  seen = 0;
  lastStoredAt = 0;
  lastSeenAt = 0;
  duplicateArrivals = 0;

  constructor(readonly total: number) {
    this.answered = new Uint8Array(total);
    this.storedAt = new Float64Array(total).fill(NaN);
    this.seenAt = new Float64Array(total).fill(NaN);
    this.seenCount = new Uint16Array(total);
  }

  /** A 2xx answer to one of the copies: the message is stored (the webhook answers after storing). */
  ok(k: number, at: number): void {
    this.answered[k]++;
    if (!Number.isNaN(this.storedAt[k])) return;
    this.storedAt[k] = at;
    this.stored++;
    this.lastStoredAt = Math.max(this.lastStoredAt, at);
  }

  arrived(k: number, at: number): void {
    if (k < 0 || k >= this.total) return;
    if (this.seenCount[k]++ > 0) {
      this.duplicateArrivals++;
      return;
    }
    this.seenAt[k] = at;
    this.seen++;
    this.lastSeenAt = Math.max(this.lastSeenAt, at);
  }

  /** Every message stored and seen (waiting longer cannot change a thing). */
  complete(): boolean {
    return this.stored >= this.total && this.seen >= this.total;
  }

  /** Lost: never stored or never seen by the agent; duplicated: seen more than once. */
  outcome(): { lost: number; notStored: number; notSeen: number; duplicated: number } {
    let notStored = 0;
    let notSeen = 0;
    let lost = 0;
    let duplicated = 0;
    for (let k = 0; k < this.total; k++) {
      const a = Number.isNaN(this.storedAt[k]);
      const b = this.seenCount[k] === 0;
      if (a) notStored++;
      if (b) notSeen++;
      if (a || b) lost++;
      if (this.seenCount[k] > 1) duplicated++;
    }
    return { lost, notStored, notSeen, duplicated };
  }
}
