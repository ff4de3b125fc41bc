import { PermanentDeliveryError } from '@parley/api/channels/core';

/** The Graph API version Parley speaks (Meta keeps each for about two years). */
export const GRAPH_API_VERSION = 'v21.0';

/** A call to the Graph API that takes longer is given up (and retried by the outbox). */
export const GRAPH_TIMEOUT_MS = 15_000;
/** Uploading or downloading a file may take longer. */
export const GRAPH_MEDIA_TIMEOUT_MS = 60_000;

/** The Graph API's error object (`{ error: { … } }`). */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  error_data?: { messaging_product?: string; details?: string } | string;
  fbtrace_id?: string;
}

/**
 * What Meta's error codes mean to the operator whose message failed; a code not named here that
 * comes with a 4xx is permanent too (trying again cannot fix a refused request), with Meta's words.
 */
const PERMANENT_REASONS: Record<number, string> = {
  131047: 'The 24-hour WhatsApp window is closed: more than 24 hours have passed since the client last wrote; a template message is needed',
  131026: 'WhatsApp could not deliver the message: the number may not be on WhatsApp, may have an outdated app, or has not accepted the latest terms',
  190: 'The WhatsApp access token has expired or is invalid: an administrator must enter a new one in the channel settings',
  100: 'WhatsApp refused the message as invalid',
  131051: 'WhatsApp does not support this kind of message',
  131052: 'WhatsApp could not download the file of the message',
  131053: 'WhatsApp could not use the uploaded file (type or size not supported)',
  131021: 'The recipient is the channel\'s own number',
  131030: 'The recipient is not on the test number\'s allowed list (add it in WhatsApp Manager → API Setup)',
  131031: 'The WhatsApp Business account is locked',
  131042: 'WhatsApp refused the message because of a payment problem of the business account',
  133010: 'The channel\'s phone number is not registered with the WhatsApp Cloud API',
  368: 'WhatsApp has temporarily blocked the account for policy violations',
  132000: "The template's variables do not match the approved template (the re-engagement template must have exactly one, {{1}}; other templates: sync them again)",
  132001: 'The template does not exist in that language or is not approved (any more): sync the templates again, or check the re-engagement template in the channel settings',
  132005: 'The filled-in text is too long for the template',
  132007: "The text breaks WhatsApp's policy for the template",
  132012: "The values do not fit the template's variables",
  132015: 'The template is paused by WhatsApp because of low quality',
  132016: 'The template is disabled by WhatsApp',
  132018: "WhatsApp refused the template's values (line breaks, tabs or more than 4 spaces in a row are not allowed)",
  10: 'The WhatsApp access token lacks the whatsapp_business_messaging permission',
  200: 'The WhatsApp access token lacks a needed permission',
};

/** Throughput and rate limits, and Meta's own trouble: trying again later helps. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([4, 80007, 130429, 131056, 131048, 131000, 131016, 1, 2, 17, 341]);

/** A Graph API call that failed; `retryAfterMs` when Meta said how long to wait. */
export class GraphApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | null,
    readonly subcode: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/** The wait a Retry-After header asks for (seconds or an HTTP date), in ms; undefined without one. */
export function retryAfterMsOf(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const clip = (s: string, max = 300) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The Graph API's answer as an error: a retryable GraphApiError for limits, Meta's 5xx and
 * unreadable answers; otherwise a PermanentDeliveryError with a reason an operator understands.
 */
export function graphError(status: number, body: unknown, retryAfterHeader?: string | null): GraphApiError | PermanentDeliveryError {
  const e = (body && typeof body === 'object' ? (body as { error?: GraphErrorBody }).error : undefined) ?? undefined;
  const code = typeof e?.code === 'number' ? e.code : null;
  const subcode = typeof e?.error_subcode === 'number' ? e.error_subcode : null;
  const details = typeof e?.error_data === 'string' ? e.error_data : typeof e?.error_data?.details === 'string' ? e.error_data.details : '';
  const metaWords = clip([...new Set([e?.message, details].filter((x): x is string => typeof x === 'string' && !!x.trim()).map((x) => x.trim()))].join(': ') || `HTTP ${status}`);
  const retryAfterMs = retryAfterMsOf(retryAfterHeader);
  if (status === 429 || status >= 500 || (code !== null && RETRYABLE_CODES.has(code)) || (status < 400 && code === null)) {
    return new GraphApiError(`WhatsApp: ${metaWords}${code !== null ? ` (code ${code})` : ''}`, status, code, subcode, true, retryAfterMs);
  }
  // 190 comes with subcodes (463 expired, 460 password changed, 467 invalid): one reason for all
  const reason = code !== null ? PERMANENT_REASONS[code] : undefined;
  const text = reason ? (code === 100 || code === 131051 || code === 131053 ? `${reason}: ${metaWords}` : reason) : `WhatsApp refused the message: ${metaWords}`;
  return new PermanentDeliveryError(`${text}${code !== null ? ` (code ${code})` : ''}`, code !== null ? `WHATSAPP_${code}` : 'WHATSAPP_REFUSED');
}

/** One file as the Graph API describes it (`GET /{media-id}`). */
export interface GraphMediaInfo {
  url: string;
  mime_type?: string;
  sha256?: string;
  file_size?: number;
  id?: string;
}

/** Templates asked for per page (Meta allows up to 100). */
export const TEMPLATES_PAGE_SIZE = 100;

/** One template as `GET /{waba-id}/message_templates` lists it. */
export interface GraphTemplate {
  id?: string;
  name?: unknown;
  language?: unknown;
  status?: unknown;
  category?: unknown;
  parameter_format?: unknown;
  components?: unknown;
}

/** A downloaded file larger than the cap. */
export class MediaTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${Math.round(limit / 1024 / 1024)} MB`);
    this.name = 'MediaTooLargeError';
  }
}

export interface GraphClientOptions {
  /** `config.channelApis.whatsapp` (https://graph.facebook.com, or a fake in tests). */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

/**
 * A thin client of the WhatsApp Business Cloud API (Meta's Graph API) for one channel's token.
 * The token travels in the Authorization header only: never in a URL, an error or a log line.
 */
export class GraphApiClient {
  private readonly base: string;

  constructor(private readonly opts: GraphClientOptions) {
    this.base = `${opts.baseUrl.replace(/\/+$/, '')}/${GRAPH_API_VERSION}`;
  }

  /** `POST /{phone-number-id}/messages`; resolves with the wamid of the sent message. */
  async sendMessage(phoneNumberId: string, message: Record<string, unknown>): Promise<string> {
    const body = await this.call<{ messages?: Array<{ id?: string }> }>('POST', `/${encodeURIComponent(phoneNumberId)}/messages`, {
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message }),
      headers: { 'content-type': 'application/json' },
    });
    const id = body?.messages?.[0]?.id;
    if (typeof id !== 'string' || !id) throw new GraphApiError('WhatsApp accepted the message but returned no message id', 200, null, null, true);
    return id;
  }

  /** `POST /{phone-number-id}/media` (multipart); resolves with the media id to send. */
  async uploadMedia(phoneNumberId: string, file: Buffer, mime: string, name: string): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mime);
    form.append('file', new Blob([new Uint8Array(file)], { type: mime }), name);
    const body = await this.call<{ id?: string }>('POST', `/${encodeURIComponent(phoneNumberId)}/media`, { body: form, timeoutMs: GRAPH_MEDIA_TIMEOUT_MS });
    if (typeof body?.id !== 'string' || !body.id) throw new GraphApiError('WhatsApp accepted the upload but returned no media id', 200, null, null, true);
    return body.id;
  }

  /** `GET /{media-id}`: where an inbound file can be downloaded (the URL is valid for minutes). */
  async mediaInfo(mediaId: string): Promise<GraphMediaInfo> {
    const info = await this.call<GraphMediaInfo>('GET', `/${encodeURIComponent(mediaId)}`);
    if (typeof info?.url !== 'string' || !/^https?:\/\//i.test(info.url)) throw new GraphApiError('WhatsApp returned no download address for the file', 200, null, null, false);
    return info;
  }

  /** Downloads an inbound file (with the token, as Meta requires), refusing more than `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<Buffer> {
    // the token goes along: never in clear text when the API itself is spoken over TLS
    if (/^https:/i.test(this.base) && !/^https:\/\//i.test(url)) throw new GraphApiError('WhatsApp gave a download address without TLS; the file was not fetched', 0, null, null, false);
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${this.opts.accessToken}` }, signal: AbortSignal.timeout(GRAPH_MEDIA_TIMEOUT_MS), redirect: 'follow' });
    } catch (e) {
      throw new GraphApiError(`WhatsApp's file could not be downloaded: ${(e as Error).message}`, 0, null, null, true);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new GraphApiError(`WhatsApp's file could not be downloaded: HTTP ${res.status}`, res.status, null, null, res.status >= 500 || res.status === 429);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new MediaTooLargeError(maxBytes);
    }
    const parts: Buffer[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new MediaTooLargeError(maxBytes);
        }
        parts.push(Buffer.from(value));
      }
    }
    return Buffer.concat(parts);
  }

  /** `GET /{phone-number-id}`: the number's display name and number (the connection check). */
  phoneNumber(phoneNumberId: string): Promise<{ id?: string; display_phone_number?: string; verified_name?: string; quality_rating?: string }> {
    return this.call('GET', `/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number,verified_name,quality_rating`);
  }

  /**
   * One page of `GET /{waba-id}/message_templates` (the Business Account's templates, every status);
   * `after` is the cursor of the page before. The `paging.next` URL is not followed as given: the
   * token goes only to the configured API.
   */
  async messageTemplates(businessAccountId: string, after?: string | null, limit = TEMPLATES_PAGE_SIZE): Promise<{ data: GraphTemplate[]; after: string | null }> {
    const q = new URLSearchParams({ fields: 'name,language,status,category,components,parameter_format', limit: String(limit) });
    if (after) q.set('after', after);
    const body = await this.call<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }>('GET', `/${encodeURIComponent(businessAccountId)}/message_templates?${q}`);
    const data = Array.isArray(body?.data) ? (body.data as GraphTemplate[]) : [];
    const next = typeof body?.paging?.next === 'string' && typeof body.paging.cursors?.after === 'string' && body.paging.cursors.after ? body.paging.cursors.after : null;
    return { data, after: next };
  }

  private async call<T>(method: string, path: string, init: { body?: string | FormData; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.opts.accessToken}`, accept: 'application/json', ...(init.headers ?? {}) },
        body: init.body,
        signal: AbortSignal.timeout(init.timeoutMs ?? this.opts.timeoutMs ?? GRAPH_TIMEOUT_MS),
      });
    } catch (e) {
      // a timeout or a refused connection: the outbox tries again
      const why = (e as Error).name === 'TimeoutError' ? 'no answer in time' : (e as Error).message;
      throw new GraphApiError(`WhatsApp could not be reached: ${why}`, 0, null, null, true);
    }
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!res.ok || (body && typeof body === 'object' && 'error' in body)) throw graphError(res.status, body, res.headers.get('retry-after'));
    if (body === null) throw new GraphApiError(`WhatsApp answered HTTP ${res.status} without JSON`, res.status, null, null, true);
    return body as T;
  }
}
