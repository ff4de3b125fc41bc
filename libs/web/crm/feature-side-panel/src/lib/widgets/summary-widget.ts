import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { OperatorRole, ROLES_THAT_REPLY, SUMMARY_LANGUAGE_PATTERN } from '@parley/shared/contracts';
import { ClientSummaryStore } from '@parley/web/crm/data-access';
import { Conversation, SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { WIDGET_STYLES } from './widget-styles';

/** The operator's language for the summary (the browser's, e.g. pl or pt-BR), English when it is not a plain language code. */
export function summaryLanguage(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): string {
  for (const l of languages) if (l && l.length <= 20 && SUMMARY_LANGUAGE_PATTERN.test(l)) return l;
  return 'en';
}

/** Refusals whose server message says what to do (describeError's texts for these speak of conversations). */
const SERVER_WORDS = new Set(['AI_NOT_CONFIGURED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);

const STAGES: Record<string, { label: string; value: number }> = {
  queued: { label: 'Queued…', value: 10 },
  collecting: { label: 'Reading the conversations…', value: 35 },
  asking: { label: 'Writing the summary…', value: 70 },
};

/**
 * The side panel's AI conversation summary (SPEC E7, seed 004): "Summarise" asks the workspace's
 * AI provider (Settings › AI tools) for the client's need, decisions, open questions and next step
 * from their newest messages on every channel, in the operator's language; the widget shows the
 * run's stage, then the summary with the period it covers (and whether older history was left
 * out), who made it and when. Saved: it is there on reopen, for every operator; "Refresh" adds
 * what was said since, "Copy" copies it. Without settings it says so (and links admins to them);
 * a failed run says why. Shown to operators who "use AI tools"; observers read only.
 */
@Component({
  selector: 'pl-summary-widget',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, RouterLink],
  providers: [ClientSummaryStore],
  template: `
    <h3 id="summary-title">Conversation summary</h3>
    @if (!contactId()) {
      <p class="none" data-testid="summary-empty">A summary is kept on a client: this conversation has none.</p>
    } @else if (store.error(); as e) {
      <p class="error" role="alert" data-testid="summary-load-error">The summary could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
    } @else if (!store.loaded()) {
      <p class="none" aria-busy="true">Loading the summary…</p>
    } @else if (!store.state()?.available) {
      <p class="none" data-testid="summary-off">
        AI summaries are off.
        @if (isAdmin()) {
          <a routerLink="/admin/ai" data-testid="summary-settings-link">Set them up in Settings › AI tools</a>
        } @else {
          An admin can switch them on in Settings › AI tools.
        }
      </p>
      @if (store.summary(); as s) {
        <p class="text" data-testid="summary-text">{{ s.text }}</p>
      }
    } @else {
      @if (store.running()) {
        <div class="progress" role="status" aria-live="polite" data-testid="summary-progress">
          <mat-progress-bar mode="determinate" [value]="stage().value" aria-label="Summary progress" />
          <span>{{ stage().label }}</span>
        </div>
      } @else if (failure(); as f) {
        <p class="error" role="alert" data-testid="summary-error">{{ f }}</p>
      } @else if (notice(); as n) {
        <p class="none" role="status" data-testid="summary-notice">{{ n }}</p>
      }
      @if (store.summary(); as s) {
        <p class="period" data-testid="summary-period">
          @if (sameDay(s.periodFrom, s.periodTo)) {
            Messages of <time [attr.datetime]="s.periodFrom">{{ s.periodFrom | date: 'mediumDate' }}, {{ s.periodFrom | date: 'shortTime' }}</time> to
            <time [attr.datetime]="s.periodTo">{{ s.periodTo | date: 'shortTime' }}</time>
          } @else {
            Messages from <time [attr.datetime]="s.periodFrom">{{ s.periodFrom | date: 'mediumDate' }}</time> to
            <time [attr.datetime]="s.periodTo">{{ s.periodTo | date: 'mediumDate' }}</time>
          }
          @if (s.olderLeftOut) {
            <span data-testid="summary-left-out"> · older history did not fit and was left out</span>
          }
        </p>
        <p class="text" data-testid="summary-text">{{ s.text }}</p>
        <p class="meta">Made {{ s.updatedAt | date: 'short' }}{{ s.authorName ? ' by ' + s.authorName : '' }}</p>
      } @else if (!store.running()) {
        <p class="none" data-testid="summary-none">
          No summary yet.
          @if (mayChange()) {
            Summarise to get the client's need, decisions, open questions and next step from all their conversations.
          }
        </p>
      }
      <div class="actions">
        @if (mayChange()) {
          @if (store.summary()) {
            <button mat-stroked-button type="button" (click)="summarize(true)" [disabled]="store.running()" data-testid="summary-refresh">Refresh</button>
          } @else {
            <button mat-stroked-button type="button" (click)="summarize(false)" [disabled]="store.running()" data-testid="summary-run">Summarise</button>
          }
        }
        @if (store.summary()) {
          <button mat-button type="button" (click)="copy()" data-testid="summary-copy">Copy</button>
        }
        <span class="sr-only" role="status" aria-live="polite">{{ copied() ? 'Summary copied' : '' }}</span>
        @if (copied()) {
          <span class="meta" aria-hidden="true" data-testid="summary-copied">Copied</span>
        }
      </div>
      @if (startError(); as e) {
        <p class="error" role="alert" data-testid="summary-start-error">{{ e }}</p>
      }
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .progress {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 8px 0;
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      .period,
      .meta {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
        margin: 4px 0;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 8px 0;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SummaryWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientSummaryStore);
  private readonly session = inject(SessionStore);
  protected readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  protected readonly mayChange = computed(() => {
    const role = this.session.role();
    return !!role && ROLES_THAT_REPLY.includes(role);
  });
  protected readonly isAdmin = computed(() => this.session.role() === OperatorRole.admin);
  protected readonly startError = signal<string | null>(null);
  protected readonly copied = signal(false);
  private copiedTimer: ReturnType<typeof setTimeout> | null = null;

  protected readonly stage = computed(() => STAGES[this.store.run()?.state ?? 'queued'] ?? STAGES['queued']);
  /** The latest run's failure, unless a newer summary came after it. */
  protected readonly failure = computed(() => {
    const run = this.store.run();
    return run?.state === 'failed' ? run.error || 'The summary failed; try again' : null;
  });
  protected readonly notice = computed(() => {
    const run = this.store.run();
    return run?.state === 'done' ? run.notice : null;
  });

  constructor() {
    effect(() => {
      const id = this.contactId();
      untracked(() => {
        this.startError.set(null);
        this.store.open(id);
      });
    });
  }

  /** One day's history shows its hours (the seed: the exact period used); a longer one its dates. */
  protected sameDay(from: string, to: string): boolean {
    return new Date(from).toDateString() === new Date(to).toDateString();
  }

  protected async summarize(refresh: boolean): Promise<void> {
    this.startError.set(null);
    try {
      await this.store.summarize(refresh, summaryLanguage());
    } catch (e) {
      // the server's own words (AI_NOT_CONFIGURED, FORBIDDEN, NOT_FOUND say what to do); a generic text otherwise
      this.startError.set(e instanceof GraphqlRequestError && SERVER_WORDS.has(e.code) && e.message ? e.message : describeError(e));
      if (e instanceof GraphqlRequestError && e.code === 'AI_NOT_CONFIGURED') void this.store.reload();
    }
  }

  protected async copy(): Promise<void> {
    const text = this.store.summary()?.text;
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
      this.copied.set(true);
      if (this.copiedTimer) clearTimeout(this.copiedTimer);
      this.copiedTimer = setTimeout(() => this.copied.set(false), 2000);
    } catch {
      this.startError.set('The browser did not allow copying; select the text and copy it instead');
    }
  }
}
