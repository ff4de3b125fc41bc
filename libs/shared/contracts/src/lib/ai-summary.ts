/** Issue #11 (E7): the AI conversation summary — limits and codes shared by the API and the web app. */

/** The prompt's token budget an admin may set (system text, previous summary and messages together). */
export const AI_TOKEN_BUDGET_MIN = 1000;
export const AI_TOKEN_BUDGET_MAX = 1_000_000;
export const AI_TOKEN_BUDGET_DEFAULT = 8000;
/** The most tokens the provider may answer with. */
export const AI_SUMMARY_MAX_ANSWER_TOKENS = 800;
export const AI_BASE_URL_MAX_LENGTH = 500;
export const AI_MODEL_MAX_LENGTH = 200;
export const AI_API_KEY_MAX_LENGTH = 1000;

/** Where a "Summarise" run is (`ClientSummaryRun.state`). */
export enum SummaryRunState {
  queued = 'queued',
  /** Reading the client's messages and fitting them to the token budget. */
  collecting = 'collecting',
  /** Waiting for the provider's answer. */
  asking = 'asking',
  done = 'done',
  failed = 'failed',
}

export const ACTIVE_SUMMARY_RUN_STATES: readonly SummaryRunState[] = [SummaryRunState.queued, SummaryRunState.collecting, SummaryRunState.asking];

/** Why a run failed (`ClientSummaryRun.errorCode`); the run's `error` says it for people. */
export enum SummaryErrorCode {
  /** Summaries are off, or the endpoint is not set (Settings › AI tools). */
  notConfigured = 'AI_NOT_CONFIGURED',
  /** The provider refused the API key (401 / 403). */
  authFailed = 'AI_AUTH_FAILED',
  /** The provider is rate-limiting (429); `retryAfterSeconds` when it said. */
  rateLimited = 'AI_RATE_LIMITED',
  /** No answer within the deadline (30 s). */
  timeout = 'AI_TIMEOUT',
  /** Another provider failure (5xx, an unknown model, a connection refused, an empty answer). */
  providerError = 'AI_PROVIDER_ERROR',
  /** The client has no messages yet. */
  noMessages = 'NO_MESSAGES',
  /** The process running it stopped (the run was left unfinished). */
  interrupted = 'INTERRUPTED',
}

/** A language code the summary is written in (`en`, `pl`, `pt-BR`). */
export const SUMMARY_LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;
