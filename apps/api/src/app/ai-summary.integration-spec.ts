import { countPromptTokens } from '@parley/api/crm';
import { FakeOpenAi } from '@parley/api/crm/testing';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';
import { until } from '../testing/until';

/**
 * Issue #11 (E7): the AI conversation summary through the real `openai` client against a local
 * server speaking chat completions — settings (admin only, write-only key), the prompt (newest
 * messages of every conversation within the token budget, counted), the period, saving, refresh
 * with only the new messages, one run per client, live stages, provider errors, rights.
 */

const SETTINGS = `query { aiSettings { summaryEnabled baseUrl model tokenBudget apiKeySet updatedAt } }`;
const UPDATE_SETTINGS = `mutation($i: UpdateAiSettingsInput!) { updateAiSettings(input: $i) { summaryEnabled baseUrl model tokenBudget apiKeySet } }`;
const CHECK = `mutation($i: UpdateAiSettingsInput!) { checkAiConnection(input: $i) { ok message } }`;
const RUN_FIELDS = `id contactId state refresh errorCode error retryAfterSeconds notice createdAt finishedAt`;
const STATE = `query($c: ID!) { clientSummary(contactId: $c) { contactId available summary { text periodFrom periodTo messagesUsed olderLeftOut language model promptTokens authorName createdAt updatedAt } run { ${RUN_FIELDS} } } }`;
const SUMMARIZE = `mutation($i: SummarizeClientInput!) { summarizeClient(input: $i) { ${RUN_FIELDS} } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('AI conversation summary (integration)', () => {
  const ai = new FakeOpenAi();
  let t: TestApp;
  let admin: string, anna: string, olga: string;
  let workspaceId: string;
  let webchat: string, email: string;
  const ids: Record<string, string> = {};

  const settings = (over: Record<string, unknown> = {}) => ({ summaryEnabled: true, baseUrl: ai.url, model: 'gpt-4o-mini', tokenBudget: 8000, apiKey: 'sk-test-key', ...over });
  const configure = async (over: Record<string, unknown> = {}) => {
    const r = await t.graphql(UPDATE_SETTINGS, { i: settings(over) }, admin);
    expect(r.errors).toBeUndefined();
    return r.data?.['updateAiSettings'];
  };
  const newClient = async (name = 'Summary Client'): Promise<string> => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id;
  const conversation = async (contactId: string, channelId: string): Promise<string> =>
    (await t.db.query(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'open', 0) RETURNING id`, [workspaceId, channelId, contactId]))[0].id;
  /** Messages at the given times (minutes after a fixed start); returns their ids in order. */
  const say = async (conversationId: string, lines: Array<[number, 'visitor' | 'operator', string]>): Promise<string[]> => {
    const out: string[] = [];
    for (const [minute, who, body] of lines) {
      const [[{ s }]] = await t.db.query(`UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq AS s`, [conversationId]);
      const at = new Date(Date.UTC(2026, 10, 1, 9, 0) + minute * 60_000).toISOString();
      const [m] = await t.db.query(
        `INSERT INTO messages (workspace_id, conversation_id, seq, author_type, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [workspaceId, conversationId, s, who, who === 'operator' ? 'Anna Nowak' : 'Kasia', body, at],
      );
      out.push(m.id);
    }
    return out;
  };
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, 0) + minute * 60_000).toISOString();
  const state = async (c: string, token = anna) => {
    const r = await t.graphql(STATE, { c }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['clientSummary'];
  };
  const summarize = async (c: string, extra: Record<string, unknown> = {}, token = anna) => {
    const r = await t.graphql(SUMMARIZE, { i: { contactId: c, ...extra } }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['summarizeClient'];
  };
  /** Summarise and wait for the run to end; returns the state then. */
  const summarized = async (c: string, extra: Record<string, unknown> = {}) => {
    const run = await summarize(c, extra);
    return until(async () => {
      const s = await state(c);
      return s.run?.id === run.id && ['done', 'failed'].includes(s.run.state) ? s : null;
    }, 20_000, `summary run ${run.id} to end`);
  };

  beforeAll(async () => {
    await ai.start();
    // long enough that a loaded CI machine still has time for the one retry (it needs 1.5 s left)
    t = await TestApp.start({ AI_SUMMARY_TIMEOUT_MS: '6000' });
    const roles = await crmRoles(t);
    ({ admin, anna, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    Object.assign(ids, roles.ids);
    webchat = (await t.db.query(`SELECT id FROM channels WHERE workspace_id = $1 AND type = 'webchat' LIMIT 1`, [workspaceId]))[0].id;
    email = (await t.db.query(`SELECT id FROM channels WHERE workspace_id = $1 AND type = 'email' LIMIT 1`, [workspaceId]))[0].id;
  });
  afterAll(async () => {
    await t?.stop();
    await ai.stop();
  });
  beforeEach(() => {
    ai.requests.length = 0;
    ai.replies.length = 0;
    ai.apiKey = 'sk-test-key';
  });

  it('without settings the widget says summaries are off and Summarise is refused with AI_NOT_CONFIGURED', async () => {
    const c = await newClient();
    expect(await state(c)).toEqual({ contactId: c, available: false, summary: null, run: null });
    const r = await t.graphql(SUMMARIZE, { i: { contactId: c } }, anna);
    expect(code(r)).toBe('AI_NOT_CONFIGURED');
    expect(r.errors?.[0].message).toMatch(/Settings › AI tools/);
    expect(ai.requests).toHaveLength(0);
  });

  it('Settings › AI tools: admins only; the API key is write-only and stored sealed; bad input names the field; audited without the key', async () => {
    expect(code(await t.graphql(SETTINGS, {}, anna))).toBe('FORBIDDEN');
    expect(code(await t.graphql(UPDATE_SETTINGS, { i: settings() }, anna))).toBe('FORBIDDEN');
    expect((await t.graphql(SETTINGS, {}, admin)).data?.['aiSettings']).toMatchObject({ summaryEnabled: false, apiKeySet: false, updatedAt: null });

    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ baseUrl: '' }, 'baseUrl', /Enter the endpoint/],
      [{ baseUrl: 'not a url' }, 'baseUrl', /not a URL/],
      [{ baseUrl: 'ftp://models.example.com/v1' }, 'baseUrl', /https:\/\/ or http:\/\//],
      [{ baseUrl: 'https://user:pw@api.example.com/v1' }, 'baseUrl', /API key in its own field/],
      [{ baseUrl: `https://example.com/${'a'.repeat(500)}` }, 'baseUrl', /longer than 500/],
      [{ model: '  ' }, 'model', /model’s name/],
      [{ model: 'gpt 4o' }, 'model', /no spaces/],
      [{ model: 'm'.repeat(201) }, 'model', /longer than 200/],
      [{ tokenBudget: 10 }, 'tokenBudget', /1,000 to 1,000,000/],
      [{ tokenBudget: 2_000_000 }, 'tokenBudget', /whole number/],
      [{ apiKey: 'sk with space' }, 'apiKey', /no spaces/],
      [{ apiKey: 'k'.repeat(1001) }, 'apiKey', /longer than 1000/],
      [{ clearApiKey: true }, 'apiKey', /not both/],
    ];
    for (const [over, f, message] of cases) {
      const r = await t.graphql(UPDATE_SETTINGS, { i: settings(over) }, admin);
      expect({ over: Object.keys(over), code: code(r), field: field(r) }).toEqual({ over: Object.keys(over), code: 'BAD_USER_INPUT', field: f });
      expect(r.errors?.[0].message).toMatch(message);
    }
    expect(code(await t.graphql(UPDATE_SETTINGS, { i: settings({ tokenBudget: 1.5 }) }, admin))).toBe('BAD_USER_INPUT');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ai_settings`))[0].n).toBe(0);

    expect(await configure({ baseUrl: `${ai.url}/` })).toEqual({ summaryEnabled: true, baseUrl: ai.url, model: 'gpt-4o-mini', tokenBudget: 8000, apiKeySet: true });
    const [row] = await t.db.query(`SELECT api_key::text AS k FROM ai_settings WHERE workspace_id = $1`, [workspaceId]);
    expect(row.k).toMatch(/"\$sealed"/);
    expect(row.k).not.toContain('sk-test-key');
    // saving again without a key keeps the stored one
    expect(await configure({ apiKey: null, tokenBudget: 9000 })).toMatchObject({ apiKeySet: true, tokenBudget: 9000 });
    const audit = await t.db.query(`SELECT details::text AS d FROM audit_log WHERE workspace_id = $1 AND action = 'workspace.ai_settings_changed' ORDER BY created_at`, [workspaceId]);
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0].d)).toEqual({ changed: ['summaryEnabled', 'baseUrl'], summaryEnabled: true, apiKey: 'replaced' });
    expect(JSON.parse(audit[1].d)).toEqual({ changed: ['tokenBudget'], summaryEnabled: true });
    expect(audit.map((a: { d: string }) => a.d).join()).not.toContain('sk-test-key');

    // Check connection: with the stored key, with a wrong one, a model the endpoint does not list, an endpoint that is not there
    expect((await t.graphql(CHECK, { i: settings({ apiKey: '' }) }, admin)).data?.['checkAiConnection']).toEqual({ ok: true, message: 'Connected; the model “gpt-4o-mini” is available' });
    expect((await t.graphql(CHECK, { i: settings({ apiKey: 'sk-wrong' }) }, admin)).data?.['checkAiConnection']).toEqual({ ok: false, message: 'The endpoint refused the API key (HTTP 401)' });
    expect((await t.graphql(CHECK, { i: settings({ model: 'gpt-9' }) }, admin)).data?.['checkAiConnection'].message).toMatch(/does not list the model “gpt-9” \(it lists gpt-4o-mini, llama3.1\)/);
    expect((await t.graphql(CHECK, { i: settings({ baseUrl: 'http://127.0.0.1:9/v1' }) }, admin)).data?.['checkAiConnection']).toEqual({ ok: false, message: 'The endpoint could not be reached; check the base URL' });
    expect(code(await t.graphql(CHECK, { i: settings() }, anna))).toBe('FORBIDDEN');
    await configure({ tokenBudget: 8000 });
  });

  it('summarises the newest messages of every conversation and channel, oldest first, in the operator’s language; saves it with its period; live stages', async () => {
    await configure();
    const c = await newClient('Kasia Wiśniewska');
    const chat = await conversation(c, webchat);
    const mail = await conversation(c, email);
    await say(chat, [[0, 'visitor', 'Hi, do you ship the oak table to Kraków?'], [2, 'operator', 'Yes, in 5 working days.']]);
    await say(mail, [[60, 'visitor', 'Please send an invoice for the oak table.'], [65, 'operator', 'Sent, see the attachment.']]);
    // a system line and a deleted conversation are not history
    await t.db.query(`INSERT INTO messages (workspace_id, conversation_id, seq, author_type, body, created_at) VALUES ($1, $2, 99, 'system', 'Conversation closed', $3)`, [workspaceId, chat, at(3)]);
    const gone = await conversation(c, webchat);
    await say(gone, [[30, 'visitor', 'SECRET deleted conversation']]);
    await t.db.query(`UPDATE conversations SET deleted_at = now() WHERE id = $1`, [gone]);

    ai.reply({ text: 'Potrzeba: stół dębowy z dostawą do Krakowa.\nDecyzje: faktura wysłana.\nOtwarte pytania: —\nNastępny krok: potwierdzić dostawę.', delayMs: 300 });
    const sub = t.subscriptions(anna);
    const stream = collect<any>(sub, CHANGES(c), 4, 15_000);
    await stream.ready;
    const queued = await summarize(c, { language: 'pl' });
    expect(queued).toMatchObject({ contactId: c, state: 'queued', refresh: false, errorCode: null });
    const done = await until(async () => ((await state(c)).run?.state === 'done' ? state(c) : null), 15_000, 'summary done');
    // queued, collecting, asking, done
    expect((await stream.done).map((e) => e.contactChanged.kind)).toEqual(['summary_changed', 'summary_changed', 'summary_changed', 'summary_changed']);
    void sub.client.dispose();

    expect(ai.requests).toHaveLength(1);
    const req = ai.requests[0];
    expect(req.authorization).toBe('Bearer sk-test-key');
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 800 });
    expect(req.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(req.body.messages[0].content).toMatch(/Write in Polish/);
    expect(req.body.messages[0].content).toMatch(/Need; Decisions; Open questions; Next step/);
    const lines = req.body.messages[1].content.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toEqual([
      '[2026-11-01 09:00 UTC, web chat] Client (Kasia): Hi, do you ship the oak table to Kraków?',
      '[2026-11-01 09:02 UTC, web chat] Agent (Anna Nowak): Yes, in 5 working days.',
      '[2026-11-01 10:00 UTC, e-mail] Client (Kasia): Please send an invoice for the oak table.',
      '[2026-11-01 10:05 UTC, e-mail] Agent (Anna Nowak): Sent, see the attachment.',
    ]);
    expect(req.body.messages[1].content).not.toMatch(/SECRET|Conversation closed/);

    expect(done.summary).toMatchObject({
      text: expect.stringMatching(/^Potrzeba: stół dębowy/),
      periodFrom: at(0),
      periodTo: at(65),
      messagesUsed: 4,
      olderLeftOut: false,
      language: 'pl',
      model: 'gpt-4o-mini',
      promptTokens: countPromptTokens(req.body.messages as any),
      authorName: 'Anna Nowak',
    });
    expect(done.run).toMatchObject({ id: queued.id, state: 'done', errorCode: null, finishedAt: expect.any(String) });
    // saved: shown on reopen without asking again
    expect((await state(c, admin)).summary.text).toBe(done.summary.text);
    expect(ai.requests).toHaveLength(1);
  });

  it('fits the newest messages into the token budget (a real tokenizer), says older history was left out, and the period starts at the oldest message used', async () => {
    await configure({ tokenBudget: 2000 });
    const c = await newClient();
    const chat = await conversation(c, webchat);
    const lines: Array<[number, 'visitor' | 'operator', string]> = [];
    for (let i = 0; i < 120; i++) lines.push([i, i % 2 ? 'operator' : 'visitor', `Message number ${i}: the customer asks about delivery slots, colours and the warranty for item ${i}.`]);
    await say(chat, lines);
    const s = await summarized(c);
    expect(s.run.state).toBe('done');
    const req = ai.requests[0];
    const sent = req.body.messages[1].content.split('\n').filter((l) => l.startsWith('['));
    const firstUsed = Number(/Message number (\d+):/.exec(sent[0])![1]);
    // the newest is in, the oldest are not, and every message after the first used is
    expect(sent[sent.length - 1]).toContain('Message number 119:');
    expect(firstUsed).toBeGreaterThan(0);
    expect(sent).toHaveLength(120 - firstUsed);
    const tokens = countPromptTokens(req.body.messages as any);
    expect(tokens).toBeLessThanOrEqual(2000 - 800);
    // one older message more would not have fitted
    const older = `[2026-11-01 ${String(9 + Math.floor((firstUsed - 1) / 60)).padStart(2, '0')}:${String((firstUsed - 1) % 60).padStart(2, '0')} UTC, web chat] ${firstUsed - 1 ? 'Agent (Anna Nowak)' : 'Client (Kasia)'}: ${lines[firstUsed - 1][2]}`;
    const withOlder = req.body.messages.map((m, i) => (i === 1 ? { ...m, content: m.content.replace(sent[0], `${older}\n${sent[0]}`) } : m));
    expect(countPromptTokens(withOlder as any)).toBeGreaterThan(2000 - 800);
    expect(s.summary).toMatchObject({ olderLeftOut: true, messagesUsed: 120 - firstUsed, periodFrom: at(firstUsed), periodTo: at(119), promptTokens: tokens });
    await configure({ tokenBudget: 8000 });
  });

  it('refresh sends only the messages since the saved summary, with it; the period keeps its start; nothing new says so without asking', async () => {
    await configure();
    const c = await newClient();
    const chat = await conversation(c, webchat);
    await say(chat, [[0, 'visitor', 'Old question about sofas'], [1, 'operator', 'Old answer about sofas']]);
    ai.reply({ text: 'First summary: sofas.' });
    expect((await summarized(c)).summary.text).toBe('First summary: sofas.');
    await say(chat, [[90, 'visitor', 'New: I want the green one'], [91, 'operator', 'New: reserved for you']]);
    ai.reply({ text: 'Refreshed: green sofa reserved.' });
    const s = await summarized(c, { refresh: true, language: 'en' });
    expect(s.run).toMatchObject({ state: 'done', refresh: true });
    const user = ai.requests[1].body.messages[1].content;
    expect(user).toMatch(/^Previous summary \(covering 2026-11-01 09:00 to 2026-11-01 09:01 UTC\):\nFirst summary: sofas\./);
    expect(user).toContain('New: I want the green one');
    expect(user).toContain('New: reserved for you');
    expect(user).not.toContain('Old question');
    expect(s.summary).toMatchObject({ text: 'Refreshed: green sofa reserved.', periodFrom: at(0), periodTo: at(91), messagesUsed: 2 });

    const again = await summarized(c, { refresh: true });
    expect(again.run).toMatchObject({ state: 'done', notice: 'No new messages since the last summary; it is up to date' });
    expect(ai.requests).toHaveLength(2);
    expect(again.summary.text).toBe('Refreshed: green sofa reserved.');
  });

  it('provider errors end the run with a clear message and keep the saved summary: 401, 429 with retry-after, 500, a timeout; a short 429 and one 500 are retried', async () => {
    await configure();
    const c = await newClient();
    await say(await conversation(c, webchat), [[0, 'visitor', 'Where is my order?']]);
    ai.reply({ text: 'Kept summary.' });
    await summarized(c);

    ai.apiKey = 'sk-rotated';
    let s = await summarized(c);
    expect(s.run).toMatchObject({ state: 'failed', errorCode: 'AI_AUTH_FAILED', error: expect.stringMatching(/refused the API key \(HTTP 401\).*Settings › AI tools/) });
    expect(s.summary.text).toBe('Kept summary.');
    ai.apiKey = 'sk-test-key';

    ai.reply({ status: 429, error: 'Rate limit reached', headers: { 'retry-after': '120' } });
    s = await summarized(c);
    expect(s.run).toMatchObject({ state: 'failed', errorCode: 'AI_RATE_LIMITED', retryAfterSeconds: 120, error: 'The AI provider is rate-limiting requests; try again in 2 min' });

    ai.reply({ status: 429, headers: { 'retry-after': '1' } }, { text: 'After a short wait.' });
    s = await summarized(c);
    expect(s.run.state).toBe('done');
    expect(s.summary.text).toBe('After a short wait.');

    ai.reply({ status: 500, error: 'upstream broke' }, { status: 500, error: 'upstream broke' });
    s = await summarized(c);
    expect(s.run).toMatchObject({ state: 'failed', errorCode: 'AI_PROVIDER_ERROR', error: 'The AI provider failed (HTTP 500): upstream broke' });
    expect(ai.replies).toEqual([]); // both asked: the first 500 was retried once

    ai.reply({ status: 503 }, { text: 'Second try worked.' });
    expect((await summarized(c)).summary.text).toBe('Second try worked.');

    ai.reply({ hang: true });
    const started = Date.now();
    s = await summarized(c);
    expect(s.run).toMatchObject({ state: 'failed', errorCode: 'AI_TIMEOUT', error: 'The AI provider did not answer within 6 s; try again later' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(s.summary.text).toBe('Second try worked.');

    ai.reply({ status: 404, error: 'The model `gpt-4o-mini` does not exist' });
    s = await summarized(c);
    expect(s.run).toMatchObject({ errorCode: 'AI_PROVIDER_ERROR', error: expect.stringMatching(/does not know the model “gpt-4o-mini”/) });
  });

  it('one run per client at a time; no messages; bad input; rights (FORBIDDEN without Use AI tools, observers read only), and the stage events reach only those who use AI tools', async () => {
    await configure();
    const empty = await newClient();
    expect((await summarized(empty)).run).toMatchObject({ state: 'failed', errorCode: 'NO_MESSAGES', error: 'This client has no messages to summarise yet' });

    const c = await newClient();
    await say(await conversation(c, webchat), [[0, 'visitor', 'Hello']]);
    ai.reply({ text: 'Slow.', delayMs: 1500 });
    const [a, b] = await Promise.all([summarize(c), summarize(c, {}, admin)]);
    expect(b.id).toBe(a.id);
    await until(async () => (await state(c)).run?.state === 'done', 15_000, 'slow run done');
    expect(ai.requests).toHaveLength(1);

    for (const language of ['english', 'p', 'pl_PL', 'x'.repeat(30)]) {
      const r = await t.graphql(SUMMARIZE, { i: { contactId: c, language } }, anna);
      expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'language']);
    }
    const nope = await t.graphql(SUMMARIZE, { i: { contactId: 'nope' } }, anna);
    expect([code(nope), nope.errors?.[0].message]).toEqual(['BAD_USER_INPUT', 'Argument "input.contactId" of "summarizeClient" must be a UUID.']);
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-ai') RETURNING id`);
    const [theirs] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Theirs') RETURNING id`, [other.id]);
    expect(code(await t.graphql(SUMMARIZE, { i: { contactId: theirs.id } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(STATE, { c: theirs.id }, anna))).toBe('NOT_FOUND');

    // the observer holds no "Use AI tools": refused; with it through a group: reads, cannot summarise, gets the events
    expect(code(await t.graphql(STATE, { c }, olga))).toBe('FORBIDDEN');
    const oblivious = t.subscriptions(olga);
    const none = collect<any>(oblivious, CHANGES(c), 1, 3000);
    await none.ready;
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'AI readers', '{use_ai_tools}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['olga'], workspaceId]);
    expect((await state(c, olga)).summary.text).toBe('Slow.');
    const refused = await t.graphql(SUMMARIZE, { i: { contactId: c } }, olga);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toMatch(/Observers can read a summary/);
    await summarized(c, { refresh: true });
    // olga subscribed before she held the right: she got nothing
    await expect(none.done).rejects.toThrow(/got 0\/1 events/);
    void oblivious.client.dispose();
    await t.db.query(`DELETE FROM permission_groups WHERE id = $1`, [g.id]);

    // the group gone, the right is gone with it
    expect(code(await t.graphql(SUMMARIZE, { i: { contactId: c } }, olga))).toBe('FORBIDDEN');
  });

  it('a run left active by a stopped process is failed as interrupted after two minutes, so the client can be summarised again', async () => {
    await configure();
    const c = await newClient();
    await say(await conversation(c, webchat), [[0, 'visitor', 'Hello again']]);
    await t.db.query(`INSERT INTO client_summary_runs (workspace_id, contact_id, refresh, language, state, created_at) VALUES ($1, $2, false, 'en', 'asking', now() - interval '3 minutes')`, [workspaceId, c]);
    const s = await state(c);
    expect(s.run).toMatchObject({ state: 'failed', errorCode: 'INTERRUPTED' });
    expect((await summarized(c)).run.state).toBe('done');
  });
});
