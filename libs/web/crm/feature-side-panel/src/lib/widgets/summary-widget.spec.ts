import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { OperatorRole } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { SummaryWidget, summaryLanguage } from './summary-widget';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';

interface Run {
  id: string;
  contactId: string;
  state: string;
  refresh: boolean;
  errorCode: string | null;
  error: string | null;
  retryAfterSeconds: number | null;
  notice: string | null;
  createdAt: string;
  finishedAt: string | null;
}
const aRun = (over: Partial<Run> = {}): Run => ({ id: 'r1', contactId: 'k1', state: 'queued', refresh: false, errorCode: null, error: null, retryAfterSeconds: null, notice: null, createdAt: '2026-12-01T10:00:00Z', finishedAt: null, ...over });
const aSummary = (over: Record<string, unknown> = {}) => ({
  text: 'Need: an oak table.\nNext step: call back.',
  periodFrom: '2026-10-01T09:00:00Z',
  periodTo: '2026-11-30T18:00:00Z',
  messagesUsed: 12,
  olderLeftOut: false,
  language: 'en',
  model: 'gpt-4o-mini',
  promptTokens: 900,
  authorName: 'Anna Nowak',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  ...over,
});

/** A server holding the client's summary state; `onSummarize` answers the mutation. */
async function render(opts: { failLoads?: number; available?: boolean; summary?: ReturnType<typeof aSummary> | null; run?: Run | null; role?: OperatorRole; onSummarize?: (vars: any) => Run | Error } = {}) {
  const state = { contactId: 'k1', available: opts.available ?? true, summary: opts.summary ?? null, run: opts.run ?? null };
  let live: ((data: unknown) => void) | null = null;
  const failLoad = { n: opts.failLoads ?? 0 };
  const calls: { op: string; vars: any }[] = [];
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    if (op === 'ClientSummary') {
      if (failLoad.n > 0) {
        failLoad.n--;
        throw new Error('Network down');
      }
      return { clientSummary: JSON.parse(JSON.stringify(state)) };
    }
    if (op === 'SummarizeClient') {
      const r = opts.onSummarize?.(vars) ?? aRun({ refresh: !!vars.input.refresh });
      if (r instanceof Error) throw r;
      state.run = r;
      return { summarizeClient: r };
    }
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      { provide: ApiClient, useValue: { request } },
      {
        provide: RealtimeClient,
        useValue: {
          reconnections: signal(0),
          subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => {
            live = sink.next;
            return () => (live = null);
          },
        },
      },
      { provide: SessionStore, useValue: { role: signal(opts.role ?? OperatorRole.agent) } },
    ],
  });
  const fixture = TestBed.createComponent(SummaryWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1' } as any }));
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const text = (id: string) => q(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  /** the server moves on, and says so live */
  const serverSets = async (change: Partial<typeof state>) => {
    Object.assign(state, change);
    live?.({ contactChanged: { kind: 'summary_changed', contactId: 'k1' } });
    await new Promise((r) => setTimeout(r, 200));
    await settle();
  };
  return { fixture, el, q, text, settle, calls, state, serverSets };
}

describe('SummaryWidget', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('without settings says summaries are off: admins get the link to Settings › AI tools, others who to ask; no button', async () => {
    const admin = await render({ available: false, role: OperatorRole.admin });
    expect(admin.text('summary-off')).toBe('AI summaries are off. Set them up in Settings › AI tools');
    expect(admin.q('summary-settings-link')!.getAttribute('href')).toBe('/admin/ai');
    expect(admin.q('summary-run')).toBeNull();
    TestBed.resetTestingModule();
    const agent = await render({ available: false });
    expect(agent.text('summary-off')).toBe('AI summaries are off. An admin can switch them on in Settings › AI tools.');
    expect(agent.q('summary-settings-link')).toBeNull();
  });

  it('Summarise starts a run in the operator’s language, shows its stages live, then the summary with its period', async () => {
    const w = await render();
    expect(w.text('summary-none')).toMatch(/^No summary yet\. Summarise to get/);
    w.q('summary-run')!.click();
    await w.settle();
    expect(w.calls.find((c) => c.op === 'SummarizeClient')!.vars).toEqual({ input: { contactId: 'k1', refresh: false, language: summaryLanguage() } });
    expect(w.text('summary-progress')).toBe('Queued…');
    expect((w.q('summary-run') as HTMLButtonElement).disabled).toBe(true);
    await w.serverSets({ run: aRun({ state: 'collecting' }) });
    expect(w.text('summary-progress')).toBe('Reading the conversations…');
    await w.serverSets({ run: aRun({ state: 'asking' }) });
    expect(w.text('summary-progress')).toBe('Writing the summary…');
    await w.serverSets({ run: aRun({ state: 'done', finishedAt: '2026-12-01T10:00:10Z' }), summary: aSummary({ olderLeftOut: true }) });
    expect(w.q('summary-progress')).toBeNull();
    expect(w.q('summary-text')!.textContent).toBe('Need: an oak table.\nNext step: call back.');
    expect(w.text('summary-period')).toMatch(/^Messages from Oct 1, 2026 to Nov 30, 2026 · older history did not fit and was left out$/);
    expect(w.q('summary-refresh')).not.toBeNull();
  });

  it('Refresh asks for a refresh; a run with nothing new shows its notice; a failed run its error, the saved summary kept', async () => {
    const w = await render({ summary: aSummary({ periodFrom: '2026-11-30T09:05:00', periodTo: '2026-11-30T17:40:00' }) });
    expect(w.q('summary-left-out')).toBeNull();
    expect(w.text('summary-period')).toBe('Messages of Nov 30, 2026, 9:05 AM to 5:40 PM');
    w.q('summary-refresh')!.click();
    await w.settle();
    expect(w.calls.find((c) => c.op === 'SummarizeClient')!.vars.input.refresh).toBe(true);
    await w.serverSets({ run: aRun({ state: 'done', refresh: true, notice: 'No new messages since the last summary; it is up to date' }) });
    expect(w.text('summary-notice')).toBe('No new messages since the last summary; it is up to date');
    await w.serverSets({ run: aRun({ state: 'failed', errorCode: 'AI_RATE_LIMITED', error: 'The AI provider is rate-limiting requests; try again in 2 min', retryAfterSeconds: 120 }) });
    expect(w.text('summary-error')).toBe('The AI provider is rate-limiting requests; try again in 2 min');
    expect(w.q('summary-text')!.textContent).toContain('oak table');
    expect((w.q('summary-refresh') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a refused start shows the server’s words (AI_NOT_CONFIGURED reloads the state)', async () => {
    const w = await render({ onSummarize: () => new GraphqlRequestError('AI_NOT_CONFIGURED', 'AI summaries are switched off; an admin can switch them on in Settings › AI tools') });
    w.q('summary-run')!.click();
    await w.settle();
    expect(w.text('summary-start-error')).toBe('AI summaries are switched off; an admin can switch them on in Settings › AI tools');
    expect(w.calls.filter((c) => c.op === 'ClientSummary')).toHaveLength(2);
  });

  it('Copy puts the summary on the clipboard and says so; a refused clipboard says what to do', async () => {
    const writeText = jest.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const w = await render({ summary: aSummary() });
    w.q('summary-copy')!.click();
    await w.settle();
    expect(writeText).toHaveBeenCalledWith('Need: an oak table.\nNext step: call back.');
    expect(w.q('summary-copied')).not.toBeNull();
    writeText.mockRejectedValueOnce(new Error('denied'));
    w.q('summary-copy')!.click();
    await w.settle();
    expect(w.text('summary-start-error')).toMatch(/did not allow copying/);
  });

  it('observers read the summary but have no Summarise or Refresh', async () => {
    const w = await render({ role: OperatorRole.observer, summary: aSummary() });
    expect(w.q('summary-text')).not.toBeNull();
    expect(w.q('summary-refresh')).toBeNull();
    expect(w.q('summary-copy')).not.toBeNull();
    TestBed.resetTestingModule();
    const none = await render({ role: OperatorRole.observer });
    expect(none.text('summary-none')).toBe('No summary yet.');
    expect(none.q('summary-run')).toBeNull();
  });

  it('a load failure says so with Try again; a conversation without a client has no summary', async () => {
    const w = await render({ failLoads: 1 });
    expect(w.text('summary-load-error')).toMatch(/^The summary could not be loaded: .* Try again$/);
    (w.q('summary-load-error')!.querySelector('button') as HTMLButtonElement).click();
    await w.settle();
    expect(w.q('summary-load-error')).toBeNull();
    expect(w.text('summary-none')).toMatch(/^No summary yet/);
    TestBed.resetTestingModule();
    const noClient = await render();
    noClient.fixture.componentRef.setInput('conversation', aConversation({ id: 'c2', contact: null }));
    await noClient.settle();
    expect(noClient.text('summary-empty')).toBe('A summary is kept on a client: this conversation has none.');
  });

  it('picks a plain language code from the browser, English otherwise', () => {
    expect(summaryLanguage(['pl-PL', 'en'])).toBe('pl-PL');
    expect(summaryLanguage(['x-klingon-lang-long', 'de'])).toBe('de');
    expect(summaryLanguage([])).toBe('en');
  });
});
