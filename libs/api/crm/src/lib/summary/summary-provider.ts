import { SummaryErrorCode } from '@parley/shared/contracts';
import OpenAI from 'openai';

export interface ProviderEndpoint {
  baseUrl: string;
  /** Null for endpoints without keys (a local Ollama or vLLM). */
  apiKey: string | null;
  model: string;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** A provider failure as the widget shows it: a code, a sentence, and when a 429 said when to come back. */
export class SummaryProviderError extends Error {
  constructor(
    readonly code: SummaryErrorCode,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'SummaryProviderError';
  }
}

/** A pause shorter than this that a 429 asks for is waited out (within the deadline); a longer one is reported. */
const WAIT_OUT_RETRY_AFTER_MS = 10_000;
/** A 5xx or a dropped connection is tried once more after this pause (within the deadline). */
const RETRY_PAUSE_MS = 500;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Seconds a 429 asked to wait (`retry-after-ms`, `retry-after` as seconds or an HTTP date), or null. */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  const raw = headers?.get('retry-after');
  if (!raw) return null;
  const s = Number.parseFloat(raw);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : null;
}

const waitText = (s: number) => (s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`);

/** The provider's own words for an error, short (its JSON `error.message`), never the key. */
function providerSays(e: InstanceType<typeof OpenAI.APIError>): string {
  const m = (e.error as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' && m.trim() ? `: ${m.trim().slice(0, 200)}` : '';
}

/**
 * One chat completion through the real `openai` client against any OpenAI-compatible endpoint
 * (OpenAI, Azure OpenAI's v1 endpoint, vLLM, Ollama), within `deadlineMs`. The SDK's own retries
 * are off (it would sleep whatever a 429's retry-after says): a short 429 pause and one 5xx or
 * connection failure are retried here while the deadline allows; everything else becomes a
 * SummaryProviderError with a sentence an operator understands.
 */
export async function askProvider(
  endpoint: ProviderEndpoint,
  messages: ChatMessage[],
  opts: { deadlineMs: number; maxTokens: number },
): Promise<{ text: string; promptTokens: number | null }> {
  const started = Date.now();
  const deadline = started + opts.deadlineMs;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.deadlineMs);
  const client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey || 'no-key', maxRetries: 0, timeout: opts.deadlineMs });
  const seconds = Math.round(opts.deadlineMs / 1000);
  let retried = false;
  try {
    for (;;) {
      try {
        const res = await client.chat.completions.create(
          { model: endpoint.model, messages, max_tokens: opts.maxTokens, temperature: 0.2 },
          // the SDK's own timer a little later than ours: the deadline is one abort, reported as a timeout
          { signal: abort.signal, timeout: Math.max(1, deadline - Date.now()) + 1000 },
        );
        const text = res.choices?.[0]?.message?.content?.trim();
        if (!text) throw new SummaryProviderError(SummaryErrorCode.providerError, 'The AI provider sent an empty answer');
        return { text, promptTokens: typeof res.usage?.prompt_tokens === 'number' ? res.usage.prompt_tokens : null };
      } catch (e) {
        if (e instanceof SummaryProviderError) throw e;
        const left = deadline - Date.now();
        if (abort.signal.aborted || left <= 0 || e instanceof OpenAI.APIConnectionTimeoutError || e instanceof OpenAI.APIUserAbortError) {
          throw new SummaryProviderError(SummaryErrorCode.timeout, `The AI provider did not answer within ${seconds} s; try again later`);
        }
        if (e instanceof OpenAI.AuthenticationError || e instanceof OpenAI.PermissionDeniedError) {
          throw new SummaryProviderError(SummaryErrorCode.authFailed, `The AI provider refused the API key (HTTP ${e.status}); an admin can check it in Settings › AI tools`);
        }
        if (e instanceof OpenAI.RateLimitError) {
          const after = retryAfterSeconds(e.headers);
          const waitMs = (after ?? 0) * 1000;
          if (!retried && after !== null && waitMs <= WAIT_OUT_RETRY_AFTER_MS && waitMs < left - 1000) {
            retried = true;
            await sleep(waitMs, abort.signal);
            continue;
          }
          throw new SummaryProviderError(SummaryErrorCode.rateLimited, after !== null ? `The AI provider is rate-limiting requests; try again in ${waitText(after)}` : 'The AI provider is rate-limiting requests; try again in a minute', after);
        }
        if (e instanceof OpenAI.NotFoundError) {
          throw new SummaryProviderError(SummaryErrorCode.providerError, `The AI provider does not know the model “${endpoint.model}” or the endpoint (HTTP 404)${providerSays(e)}`);
        }
        const transient = e instanceof OpenAI.InternalServerError || e instanceof OpenAI.APIConnectionError;
        if (transient && !retried && left > RETRY_PAUSE_MS + 1000) {
          retried = true;
          await sleep(RETRY_PAUSE_MS, abort.signal);
          continue;
        }
        if (e instanceof OpenAI.APIError && typeof e.status === 'number') {
          throw new SummaryProviderError(SummaryErrorCode.providerError, `The AI provider failed (HTTP ${e.status})${providerSays(e)}`);
        }
        if (e instanceof OpenAI.APIConnectionError) {
          const cause = (e as Error & { cause?: { message?: string; code?: string } }).cause;
          throw new SummaryProviderError(SummaryErrorCode.providerError, `The AI provider could not be reached${cause?.code ? ` (${cause.code})` : ''}; check its base URL in Settings › AI tools`);
        }
        throw new SummaryProviderError(SummaryErrorCode.providerError, `The AI provider's answer could not be read (${(e as Error).message?.slice(0, 200) ?? 'unknown error'})`);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Settings › AI tools "Check connection": the endpoint answers and knows the model (GET /models). */
export async function checkProvider(endpoint: ProviderEndpoint, deadlineMs: number): Promise<{ ok: boolean; message: string }> {
  const client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey || 'no-key', maxRetries: 0, timeout: deadlineMs });
  try {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      ids.push(m.id);
      if (ids.length >= 1000) break;
    }
    if (!ids.includes(endpoint.model)) return { ok: true, message: `Connected, but the endpoint does not list the model “${endpoint.model}”${ids.length ? ` (it lists ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : ''}` };
    return { ok: true, message: `Connected; the model “${endpoint.model}” is available` };
  } catch (e) {
    if (e instanceof OpenAI.AuthenticationError || e instanceof OpenAI.PermissionDeniedError) return { ok: false, message: `The endpoint refused the API key (HTTP ${e.status})` };
    if (e instanceof OpenAI.APIConnectionTimeoutError) return { ok: false, message: `The endpoint did not answer within ${Math.round(deadlineMs / 1000)} s` };
    if (e instanceof OpenAI.APIConnectionError) return { ok: false, message: 'The endpoint could not be reached; check the base URL' };
    if (e instanceof OpenAI.APIError && typeof e.status === 'number') return { ok: false, message: `The endpoint answered HTTP ${e.status}${providerSays(e)}` };
    return { ok: false, message: `The endpoint's answer could not be read (${(e as Error).message?.slice(0, 200)})` };
  }
}
