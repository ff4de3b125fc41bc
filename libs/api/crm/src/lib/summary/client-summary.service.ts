import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientEventsService, ClientsService, ContactChangeKind } from '@parley/api/contacts';
import { IdentityService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, forbidden, isUuid } from '@parley/api/platform/graphql';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { AI_SUMMARY_MAX_ANSWER_TOKENS, ErrorCode, ROLES_THAT_REPLY, SUMMARY_LANGUAGE_PATTERN, SummaryErrorCode, SummaryRunState } from '@parley/shared/contracts';
import { countTokens } from 'gpt-tokenizer';
import { DataSource } from 'typeorm';
import { AiSettingsService } from './ai-settings.service';
import { CLIENT_HISTORY, ClientHistory, HistoryMessage } from './client-history.port';
import { ClientSummaryObject, ClientSummaryRunObject, ClientSummaryStateObject } from './client-summary.object';
import { buildSummaryPrompt, historyLine } from './summary-prompt';
import { askProvider, SummaryProviderError } from './summary-provider';

export const SUMMARIZE_CLIENT_JOB = 'summarize-client';
export interface SummarizeClientJobData {
  runId: string;
}

/** Messages read per page while filling the budget. */
const HISTORY_PAGE = 200;
/** A run still active this long after it was asked for was cut off (a crash, a lost job). */
const STALE_RUN_MS = 2 * 60_000;
/** A finished run is shown with the summary this long (its error, or "nothing new"). */
const RECENT_RUN_MS = 60 * 60_000;

interface RunRow {
  id: string;
  workspace_id: string;
  contact_id: string;
  refresh: boolean;
  language: string;
  state: SummaryRunState;
  error_code: string | null;
  error: string | null;
  retry_after_s: number | null;
  notice: string | null;
  requested_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

interface SummaryRow {
  text: string;
  period_from: Date;
  period_to: Date;
  last_message_at: Date;
  last_message_id: string;
  messages_used: number;
  older_left_out: boolean;
  language: string;
  model: string;
  prompt_tokens: number;
  author_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRun = (r: RunRow): ClientSummaryRunObject => ({
  id: r.id,
  contactId: r.contact_id,
  state: r.state,
  refresh: r.refresh,
  errorCode: r.error_code,
  error: r.error,
  retryAfterSeconds: r.retry_after_s,
  notice: r.notice,
  createdAt: new Date(r.created_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

const toSummary = (r: SummaryRow): ClientSummaryObject => ({
  text: r.text,
  periodFrom: new Date(r.period_from),
  periodTo: new Date(r.period_to),
  messagesUsed: r.messages_used,
  olderLeftOut: r.older_left_out,
  language: r.language,
  model: r.model,
  promptTokens: r.prompt_tokens,
  authorName: r.author_name,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/**
 * Issue #11 (E7): the AI conversation summary of a client. "Summarise" stores a run and queues
 * `summarize-client` (QueueName.ai); the job reads the client's newest messages on every channel
 * (CLIENT_HISTORY) until the workspace's token budget is full (counted with gpt-tokenizer), asks
 * the OpenAI-compatible endpoint within AI_SUMMARY_TIMEOUT_MS (30 s), and saves the summary with
 * the period it covers. A refresh sends only the messages after the saved summary's newest, with
 * the previous text. Each stage is live on the client's topic (summary_changed); at most one run
 * per client (a unique partial index) — asking again while one runs returns it.
 */
@Injectable()
export class ClientSummaryService {
  private readonly logger = new Logger(ClientSummaryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly settings: AiSettingsService,
    private readonly identity: IdentityService,
    private readonly events: ClientEventsService,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
    @Inject(CLIENT_HISTORY) private readonly history: ClientHistory,
  ) {}

  async state(user: AuthUser, contactId: string): Promise<ClientSummaryStateObject> {
    await this.clients.get(user.workspaceId, contactId);
    await this.expireStale(contactId);
    const [settings, [summary], [run]] = await Promise.all([
      this.settings.get(user.workspaceId),
      this.db.query(`SELECT * FROM client_summaries WHERE contact_id = $1 AND workspace_id = $2`, [contactId, user.workspaceId]) as Promise<SummaryRow[]>,
      this.db.query(
        `SELECT * FROM client_summary_runs WHERE contact_id = $1 AND workspace_id = $2
           AND (state IN ('queued', 'collecting', 'asking') OR finished_at > now() - make_interval(secs => $3))
         ORDER BY created_at DESC LIMIT 1`,
        [contactId, user.workspaceId, RECENT_RUN_MS / 1000],
      ) as Promise<RunRow[]>,
    ]);
    return { contactId, available: settings.summaryEnabled, summary: summary ? toSummary(summary) : null, run: run ? toRun(run) : null };
  }

  async request(user: AuthUser, input: { contactId: string; refresh?: boolean | null; language?: string | null }): Promise<ClientSummaryRunObject> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read a summary but not make one');
    if (typeof input.contactId !== 'string' || !isUuid(input.contactId)) throw fail('contactId', 'No such client');
    await this.clients.get(user.workspaceId, input.contactId);
    const language = (input.language ?? 'en').trim() || 'en';
    if (language.length > 20 || !SUMMARY_LANGUAGE_PATTERN.test(language)) throw fail('language', 'language is a language code such as en, pl or pt-BR');
    if (input.refresh !== undefined && input.refresh !== null && typeof input.refresh !== 'boolean') throw fail('refresh', 'refresh must be true or false');
    if (!(await this.settings.get(user.workspaceId)).summaryEnabled) {
      throw new DomainException(ErrorCode.AiNotConfigured, 'AI summaries are switched off; an admin can switch them on in Settings › AI tools');
    }
    await this.expireStale(input.contactId);
    const refresh = !!input.refresh;
    const [inserted] = (await this.db.query(
      `INSERT INTO client_summary_runs (workspace_id, contact_id, refresh, language, requested_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (contact_id) WHERE state IN ('queued', 'collecting', 'asking') DO NOTHING
       RETURNING *`,
      [user.workspaceId, input.contactId, refresh, language, user.operatorId],
    )) as RunRow[];
    if (!inserted) {
      // one is running for this client (another operator's, or a double click): that one is the answer
      const [running] = (await this.db.query(`SELECT * FROM client_summary_runs WHERE contact_id = $1 AND state IN ('queued', 'collecting', 'asking')`, [input.contactId])) as RunRow[];
      if (running) return toRun(running);
      return this.request(user, input);
    }
    try {
      await this.queue.add<SummarizeClientJobData>(QueueName.ai, SUMMARIZE_CLIENT_JOB, { runId: inserted.id }, { jobId: `summary-${inserted.id}`, attempts: 1 });
    } catch (e) {
      await this.finish(inserted, { state: SummaryRunState.failed, code: SummaryErrorCode.interrupted, error: 'The summary could not be queued (the job queue did not answer); try again' });
      this.logger.warn(`could not queue summary run ${inserted.id}: ${(e as Error).message}`);
      throw new DomainException(ErrorCode.Unavailable, 'The summary could not be queued; try again in a moment');
    }
    await this.announce(inserted, user.operatorId);
    return toRun(inserted);
  }

  /** The job: collect, ask, save. Every failure ends the run with its code and sentence (never thrown to the queue: a retry would ask twice). */
  async run(runId: string): Promise<void> {
    if (!isUuid(runId)) return;
    const [claimed] = (await this.db.query(`UPDATE client_summary_runs SET state = 'collecting', updated_at = now() WHERE id = $1 AND state = 'queued' RETURNING *`, [runId])) as [RunRow[], number];
    const run = claimed[0];
    if (!run) return;
    await this.announce(run, null);
    try {
      const endpoint = await this.settings.summaryEndpoint(run.workspace_id);
      if (!endpoint) return void (await this.finish(run, { state: SummaryRunState.failed, code: SummaryErrorCode.notConfigured, error: 'AI summaries are switched off; an admin can switch them on in Settings › AI tools' }));
      const [previousRow] = run.refresh ? ((await this.db.query(`SELECT * FROM client_summaries WHERE contact_id = $1`, [run.contact_id])) as SummaryRow[]) : [];
      const after = previousRow ? { at: new Date(previousRow.last_message_at), id: previousRow.last_message_id } : null;

      // newest first, a page at a time, until the lines read exceed the budget or the history ends
      const budget = endpoint.tokenBudget - AI_SUMMARY_MAX_ANSWER_TOKENS;
      const newest: HistoryMessage[] = [];
      let tokens = 0;
      let more = true;
      while (more && tokens <= budget) {
        const last = newest[newest.length - 1];
        const page = await this.history.newest(run.workspace_id, run.contact_id, { before: last ? { at: last.at, id: last.id } : null, after, limit: HISTORY_PAGE });
        newest.push(...page);
        tokens += page.reduce((n, m) => n + countTokens(historyLine(m)), 0);
        more = page.length === HISTORY_PAGE;
      }
      if (!newest.length) {
        if (previousRow) return void (await this.finish(run, { state: SummaryRunState.done, notice: 'No new messages since the last summary; it is up to date' }));
        return void (await this.finish(run, { state: SummaryRunState.failed, code: SummaryErrorCode.noMessages, error: 'This client has no messages to summarise yet' }));
      }
      const previous = previousRow ? { text: previousRow.text, periodFrom: new Date(previousRow.period_from), periodTo: new Date(previousRow.period_to) } : null;
      const prompt = buildSummaryPrompt({ language: run.language, budget, newest, more, previous });
      if (!prompt.used.length) {
        return void (await this.finish(run, { state: SummaryRunState.failed, code: SummaryErrorCode.providerError, error: 'Not even the newest message fits the token budget; an admin can raise it in Settings › AI tools' }));
      }
      await this.db.query(`UPDATE client_summary_runs SET state = 'asking', messages_used = $2, prompt_tokens = $3, updated_at = now() WHERE id = $1`, [run.id, prompt.used.length, prompt.tokens]);
      await this.announce(run, null);

      const answer = await askProvider(endpoint, prompt.messages, { deadlineMs: this.config.aiSummaryTimeoutMs, maxTokens: AI_SUMMARY_MAX_ANSWER_TOKENS });
      const first = prompt.used[0];
      const lastUsed = prompt.used[prompt.used.length - 1];
      const [author] = run.requested_by ? await this.identity.findOperatorsByIds(run.workspace_id, [run.requested_by]) : [];
      await this.db.transaction(async (m) => {
        // a refresh keeps the period's start (and what was left out before)
        await m.query(
          `INSERT INTO client_summaries (contact_id, workspace_id, text, period_from, period_to, last_message_at, last_message_id, messages_used, older_left_out, language, model, prompt_tokens, author_id, author_name)
           VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (contact_id) DO UPDATE SET text = EXCLUDED.text,
             period_from = CASE WHEN $14::boolean THEN client_summaries.period_from ELSE EXCLUDED.period_from END,
             period_to = EXCLUDED.period_to, last_message_at = EXCLUDED.last_message_at, last_message_id = EXCLUDED.last_message_id,
             messages_used = EXCLUDED.messages_used,
             older_left_out = CASE WHEN $14::boolean THEN client_summaries.older_left_out OR EXCLUDED.older_left_out ELSE EXCLUDED.older_left_out END,
             language = EXCLUDED.language, model = EXCLUDED.model, prompt_tokens = EXCLUDED.prompt_tokens,
             author_id = EXCLUDED.author_id, author_name = EXCLUDED.author_name, updated_at = now()`,
          [run.contact_id, run.workspace_id, answer.text, first.at.toISOString(), lastUsed.at.toISOString(), lastUsed.id, prompt.used.length, prompt.olderLeftOut, run.language, endpoint.model, prompt.tokens, run.requested_by, author?.displayName ?? null, !!previousRow],
        );
        await m.query(`UPDATE client_summary_runs SET state = 'done', updated_at = now(), finished_at = now() WHERE id = $1`, [run.id]);
      });
      await this.announce(run, null);
    } catch (e) {
      if (e instanceof SummaryProviderError) {
        await this.finish(run, { state: SummaryRunState.failed, code: e.code, error: e.message, retryAfter: e.retryAfterSeconds });
      } else {
        this.logger.error(`summary run ${run.id} failed: ${(e as Error).stack ?? e}`);
        await this.finish(run, { state: SummaryRunState.failed, code: SummaryErrorCode.providerError, error: 'The summary failed inside Parley; try again' }).catch(() => undefined);
      }
    }
  }

  private async finish(run: RunRow, end: { state: SummaryRunState; code?: SummaryErrorCode; error?: string; retryAfter?: number | null; notice?: string }): Promise<void> {
    await this.db.query(
      `UPDATE client_summary_runs SET state = $2, error_code = $3, error = $4, retry_after_s = $5, notice = $6, updated_at = now(), finished_at = now()
        WHERE id = $1 AND state IN ('queued', 'collecting', 'asking')`,
      [run.id, end.state, end.code ?? null, end.error ?? null, end.retryAfter ?? null, end.notice ?? null],
    );
    await this.announce(run, null);
  }

  /** A run left active by a process that stopped is failed, so the client can be summarised again. */
  private async expireStale(contactId: string): Promise<void> {
    const rows = (await this.db.query(
      `UPDATE client_summary_runs SET state = 'failed', error_code = $2, error = 'The summary was interrupted (the process running it stopped); try again', updated_at = now(), finished_at = now()
        WHERE contact_id = $1 AND state IN ('queued', 'collecting', 'asking') AND created_at < now() - make_interval(secs => $3) RETURNING *`,
      [contactId, SummaryErrorCode.interrupted, STALE_RUN_MS / 1000],
    )) as [RunRow[], number];
    for (const r of rows[0] ?? []) await this.announce(r, null);
  }

  private async announce(run: RunRow, actorId: string | null): Promise<void> {
    await this.events.publish({ workspaceId: run.workspace_id, contactId: run.contact_id, kind: ContactChangeKind.summary_changed, actorId });
  }
}
