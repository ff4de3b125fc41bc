import { ErrorCode } from '@parley/shared/contracts';
import { BotRuntimeService, CLOSE_IDLE_BOT_CHATS_JOB, CloseIdleBotChatsJob } from '@parley/api/channels/webchat';
import { QueueName } from '@parley/api/platform/queue';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const LIST = `query { botScenarios { id name startStepId closingMessage steps { id message buttons { id label action targetStepId } } } }`;
const SAVE = `mutation($i: SaveBotScenarioInput!) { saveBotScenario(input: $i) { id name startStepId closingMessage steps { id message buttons { id label action targetStepId } } } }`;
const DELETE = `mutation($id: ID!) { deleteBotScenario(id: $id) }`;
const CHANNELS = `query { channels { id publicKey webchat { defaultLanguage texts { language header welcome } inputPlaceholder companyName avatarUrl radius launcherIcon launcherShape hideLauncher position showOperatorIdentity botEnabled botScenarioId colors { header launcher operatorBubble visitorBubble text } } name active } }`;
const UPDATE = `mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id webchat { botEnabled botScenarioId } } }`;
const ONE = `query($id: ID!) { conversation(id: $id) { id status assignee { email } } }`;
const LIST_VIEW = `query($view: ConversationView) { conversations(view: $view, first: 50) { nodes { id status } } }`;
const TAKE = `mutation($id: ID!) { takeConversation(input: { conversationId: $id }) { id status assignee { email } } }`;
const AUTO = `mutation($m: AutoAssignMode!) { setAutoAssign(mode: $m) { autoAssign } }`;
const AUDIT = `query { auditLog(first: 50) { nodes { action targetId } } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { authorType authorName body } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const fields = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => (r.errors?.[0]?.extensions?.['fieldErrors'] ?? []).map((e: { field: string }) => e.field);

/** A shop scenario: greeting → delivery question (→ answer, which ends) / operator / close. */
const scenario = (name = 'Shop helper') => ({
  name,
  startStepId: 'hello',
  closingMessage: 'Thanks for chatting with us!',
  steps: [
    {
      id: 'hello',
      message: 'Hi! What can I help you with?',
      buttons: [
        { id: 'delivery', label: 'Delivery costs?', action: 'step', targetStepId: 'delivery' },
        { id: 'human', label: 'Talk to an operator', action: 'operator' },
        { id: 'bye', label: 'Nothing, thanks', action: 'close' },
      ],
    },
    { id: 'delivery', message: 'Delivery is free from 50 €.', buttons: [{ id: 'more', label: 'And returns?', action: 'step', targetStepId: 'returns' }, { id: 'human', label: 'Talk to an operator', action: 'operator' }] },
    { id: 'returns', message: 'Returns are free within 30 days.', buttons: [] },
  ],
});

describe('bot scenarios and the channel bot (integration, SPEC C9/D2)', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let anna: string;
  let olga: string;
  let channel: any;
  let scenarioId: string;
  const visitors: VisitorClient[] = [];

  const settingsOf = (over: Record<string, unknown>) => {
    const { webchat, name, active, id } = channel;
    const { texts, ...rest } = webchat;
    return { id, name, active, settings: { ...rest, texts, ...over } };
  };
  const setBot = async (botEnabled: boolean, botScenarioId: string | null) => t.graphql(UPDATE, { i: settingsOf({ botEnabled, botScenarioId }) }, admin);

  /** Frames after `mark` only (VisitorClient.waitFor also matches older ones). */
  const next = (v: VisitorClient, mark: number, pred: (f: any) => boolean) => v.waitFor((f) => v.frames.indexOf(f) >= mark && pred(f));

  async function visitor(): Promise<VisitorClient> {
    const v = new VisitorClient(`${t.wsUrl}/ws/visitor`);
    visitors.push(v);
    await v.open();
    v.sendFrame({ type: 'hello', channelKey: 'demo-webchat', page: { url: 'https://shop.example/' } });
    await v.welcome();
    return v;
  }

  /** A visitor who opened the window: the bot greets with the start step's buttons. */
  async function greeted(): Promise<{ v: VisitorClient; conversationId: string; bot: any }> {
    const v = await visitor();
    v.sendFrame({ type: 'bot_start' });
    const bot = await v.waitFor((f) => f.type === 'bot' && f.buttons.length > 0);
    // the buttons can arrive (from the conversation's state) while the greeting is still being
    // written; wait for the greeting too, so what follows starts from a settled conversation
    await v.waitFor((f) => f.type === 'message' && f.message.authorType === 'system' && f.message.conversationId === bot.conversationId);
    return { v, conversationId: bot.conversationId, bot };
  }

  async function click(v: VisitorClient, stepId: string, buttonId: string, clientId = `c-${Math.random()}`): Promise<number> {
    const mark = v.frames.length;
    v.sendFrame({ type: 'bot_answer', clientId, stepId, buttonId });
    return mark;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, olga] = await Promise.all(['admin@demo.test', 'anna@demo.test', 'olga@demo.test'].map((e) => t.login(e)));
    // a supervisor: the demo has none, so promote Boris for this suite
    await t.db.query(`UPDATE operators SET role = 'supervisor' WHERE email = 'boris@demo.test'`);
    supervisor = await t.login('boris@demo.test');
    channel = (await t.graphql(CHANNELS, {}, admin)).data?.['channels'].find((c: { publicKey: string }) => c.publicKey === 'demo-webchat');
  });
  afterAll(async () => {
    visitors.forEach((v) => v.close());
    await t?.stop();
  });

  describe('scenarios (CRUD, validation, roles)', () => {
    it('has none at first; admins and supervisors create and update them, audited', async () => {
      expect((await t.graphql(LIST, {}, admin)).data?.['botScenarios']).toEqual([]);
      const created = await t.graphql(SAVE, { i: scenario() }, admin);
      expect(created.errors).toBeUndefined();
      scenarioId = created.data?.['saveBotScenario'].id;
      expect(created.data?.['saveBotScenario']).toMatchObject({ name: 'Shop helper', startStepId: 'hello', steps: [{ id: 'hello', buttons: [{ action: 'step', targetStepId: 'delivery' }, { action: 'operator', targetStepId: null }, { action: 'close' }] }, {}, {}] });
      const renamed = await t.graphql(SAVE, { i: { ...scenario('  Shop bot '), id: scenarioId } }, supervisor);
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data?.['saveBotScenario']).toMatchObject({ id: scenarioId, name: 'Shop bot' });
      const other = await t.graphql(SAVE, { i: scenario('Spare') }, supervisor);
      const spare = other.data?.['saveBotScenario'].id;
      expect((await t.graphql(DELETE, { id: spare }, admin)).data?.['deleteBotScenario']).toBe(true);
      expect((await t.graphql(LIST, {}, supervisor)).data?.['botScenarios'].map((s: { name: string }) => s.name)).toEqual(['Shop bot']);
      const audit = (await t.graphql(AUDIT, {}, admin)).data?.['auditLog'].nodes.filter((n: { targetId: string }) => n.targetId === scenarioId || n.targetId === spare).map((n: { action: string }) => n.action);
      expect(audit).toEqual(['bot_scenario.deleted', 'bot_scenario.created', 'bot_scenario.updated', 'bot_scenario.created']);
    });

    it('refuses bad scenarios with field errors', async () => {
      const bad = async (i: Record<string, unknown>) => {
        const r = await t.graphql(SAVE, { i }, admin);
        expect(code(r)).toBe(ErrorCode.BadUserInput);
        return fields(r);
      };
      const s = scenario();
      expect(await bad({ ...s, name: '  ' })).toContain('name');
      expect(await bad({ ...s, name: 'x'.repeat(81) })).toContain('name');
      expect(await bad({ ...s, steps: [] })).toContain('steps');
      expect(await bad({ ...s, startStepId: 'nope' })).toContain('startStepId');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], buttons: [{ id: 'x', label: 'Go', action: 'step', targetStepId: 'missing' }] }] })).toContain('steps[0].buttons[0].targetStepId');
      // a step no answer leads to
      expect(await bad({ ...s, steps: [...s.steps, { id: 'orphan', message: 'Alone', buttons: [] }] })).toContain('steps[3].id');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], message: 'x'.repeat(1001) }, ...s.steps.slice(1)] })).toContain('steps[0].message');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], message: ' ' }, ...s.steps.slice(1)] })).toContain('steps[0].message');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], buttons: [...s.steps[0].buttons, ...Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, label: 'B', action: 'close' }))] }, ...s.steps.slice(1)] })).toContain('steps[0].buttons');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], buttons: [{ id: 'a', label: 'x'.repeat(61), action: 'close' }] }, ...s.steps.slice(1)] })).toContain('steps[0].buttons[0].label');
      expect(await bad({ ...s, steps: [{ ...s.steps[0], buttons: [{ id: 'a', label: 'A', action: 'explode' }] }] })).toContain('steps[0].buttons[0].action');
      expect(await bad({ ...s, steps: [s.steps[0], { ...s.steps[1], id: 'hello' }, s.steps[2]] })).toContain('steps[1].id');
      expect(await bad({ ...s, steps: Array.from({ length: 51 }, (_, i) => ({ id: `s${i}`, message: 'M', buttons: [] })), startStepId: 's0' })).toContain('steps');
      expect(await bad({ ...s, closingMessage: 'x'.repeat(1001) })).toContain('closingMessage');
    });

    it('refuses agents and observers, unknown ids and other workspaces’ scenarios', async () => {
      for (const token of [anna, olga]) {
        expect(code(await t.graphql(LIST, {}, token))).toBe(ErrorCode.Forbidden);
        expect(code(await t.graphql(SAVE, { i: scenario('Mine') }, token))).toBe(ErrorCode.Forbidden);
        expect(code(await t.graphql(DELETE, { id: scenarioId }, token))).toBe(ErrorCode.Forbidden);
      }
      const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-bot') RETURNING id`);
      const [foreign] = await t.db.query(`INSERT INTO bot_scenarios (workspace_id, name, definition) VALUES ($1, 'Theirs', $2) RETURNING id`, [ws.id, JSON.stringify(scenario())]);
      expect((await t.graphql(LIST, {}, admin)).data?.['botScenarios'].map((s: { id: string }) => s.id)).toEqual([scenarioId]);
      expect(code(await t.graphql(SAVE, { i: { ...scenario(), id: foreign.id } }, admin))).toBe(ErrorCode.NotFound);
      expect(code(await t.graphql(DELETE, { id: foreign.id }, admin))).toBe(ErrorCode.NotFound);
      // a malformed id is refused at the edge, naming the argument
      expect(code(await t.graphql(DELETE, { id: 'not-an-id' }, admin))).toBe(ErrorCode.BadUserInput);
      // the channel's bot may only run this workspace's scenario, and needs one when on
      let r = await setBot(true, foreign.id);
      expect(code(r)).toBe(ErrorCode.BadUserInput);
      expect(fields(r)).toEqual(['botScenarioId']);
      r = await setBot(true, null);
      expect(fields(r)).toEqual(['botScenarioId']);
      expect(code(await setBot(true, scenarioId).then(() => t.graphql(UPDATE, { i: settingsOf({ botEnabled: true, botScenarioId: scenarioId }) }, anna)))).toBe(ErrorCode.Forbidden);
    });
  });

  describe('runtime over the visitor socket', () => {
    beforeAll(async () => {
      const r = await setBot(true, scenarioId);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['updateWebchatChannel'].webchat).toEqual({ botEnabled: true, botScenarioId: scenarioId });
      expect((await t.graphql(AUTO, { m: 'off' }, admin)).errors).toBeUndefined();
    });

    it('a scenario in use cannot be deleted', async () => {
      expect(code(await t.graphql(DELETE, { id: scenarioId }, admin))).toBe(ErrorCode.Conflict);
    });

    it('the bot greets; a button leads to the next step; the chat is not in the queue meanwhile', async () => {
      const { v, conversationId, bot } = await greeted();
      expect(bot).toMatchObject({ stepId: 'hello', canRestart: false, buttons: [{ id: 'delivery', label: 'Delivery costs?' }, { id: 'human', label: 'Talk to an operator' }, { id: 'bye', label: 'Nothing, thanks' }] });
      const greeting = await v.waitFor((f) => f.type === 'message' && f.message.authorType === 'system');
      expect(greeting.message).toMatchObject({ body: 'Hi! What can I help you with?', authorName: 'Bot', seq: 1 });
      expect((await t.graphql(ONE, { id: conversationId }, admin)).data?.['conversation']).toMatchObject({ status: 'bot', assignee: null });
      const queue = (await t.graphql(LIST_VIEW, { view: 'queue' }, admin)).data?.['conversations'].nodes.map((n: { id: string }) => n.id);
      expect(queue).not.toContain(conversationId);
      const all = (await t.graphql(LIST_VIEW, { view: 'all' }, admin)).data?.['conversations'].nodes.map((n: { id: string }) => n.id);
      expect(all).toContain(conversationId);
      // an agent sees it (All, not the queue) like the queue of their groups
      expect((await t.graphql(ONE, { id: conversationId }, anna)).data?.['conversation'].status).toBe('bot');
      expect((await t.graphql(LIST_VIEW, { view: 'all' }, anna)).data?.['conversations'].nodes.map((n: { id: string }) => n.id)).toContain(conversationId);
      expect((await t.graphql(LIST_VIEW, { view: 'queue' }, anna)).data?.['conversations'].nodes.map((n: { id: string }) => n.id)).not.toContain(conversationId);

      const mark = await click(v, 'hello', 'delivery');
      const step = await next(v, mark, (f) => f.type === 'bot');
      expect(step).toMatchObject({ stepId: 'delivery', buttons: [{ id: 'more' }, { id: 'human' }] });
      const msgs = (await t.graphql(MESSAGES, { id: conversationId }, admin)).data?.["messages"].nodes;
      expect(msgs.map((m: { authorType: string; body: string }) => `${m.authorType}:${m.body}`)).toEqual(['system:Hi! What can I help you with?', 'visitor:Delivery costs?', 'system:Delivery is free from 50 €.']);

      // a stale answer (the previous step), a forged button, and garbage
      let m2 = await click(v, 'hello', 'delivery', 'stale-1');
      expect(await next(v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotStaleAnswer, clientId: 'stale-1' });
      m2 = await click(v, 'delivery', 'forged', 'forged-1');
      expect(await next(v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotStaleAnswer, clientId: 'forged-1' });
      m2 = v.frames.length;
      v.sendFrame({ type: 'bot_answer', clientId: 'bad-1', stepId: 42 });
      expect(await next(v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BadFrame });

      // a step without buttons ends the scenario: its message, the closing message, closed, "start again"
      const m3 = await click(v, 'delivery', 'more');
      const end = await next(v, m3, (f) => f.type === 'bot' && f.canRestart);
      expect(end).toMatchObject({ stepId: null, buttons: [], canRestart: true });
      const closing = await next(v, m3, (f) => f.type === 'message' && f.message.body === 'Thanks for chatting with us!');
      expect(closing.message.authorType).toBe('system');
      expect((await t.graphql(ONE, { id: conversationId }, admin)).data?.['conversation'].status).toBe('closed');

      // restart: the scenario starts again in the same conversation
      const m4 = v.frames.length;
      v.sendFrame({ type: 'bot_start', restart: true });
      expect(await next(v, m4, (f) => f.type === 'bot' && f.buttons.length > 0)).toMatchObject({ conversationId, stepId: 'hello' });
      expect((await t.graphql(ONE, { id: conversationId }, admin)).data?.['conversation'].status).toBe('bot');
    });

    it('"talk to an operator" hands over to the queue and routing assigns it', async () => {
      expect((await t.graphql(AUTO, { m: 'round_robin' }, admin)).errors).toBeUndefined();
      const { v, conversationId } = await greeted();
      const mark = await click(v, 'hello', 'human');
      expect(await next(v, mark, (f) => f.type === 'bot')).toMatchObject({ buttons: [], canRestart: false });
      await next(v, mark, (f) => f.type === 'participant' && f.event === 'joined');
      const c = (await t.graphql(ONE, { id: conversationId }, admin)).data?.['conversation'];
      expect(c.status).toBe('open');
      expect(c.assignee).not.toBeNull();
      expect((await t.graphql(AUTO, { m: 'off' }, admin)).errors).toBeUndefined();
    });

    it('with auto-assignment off, the handed-over chat waits in the queue; the close button closes', async () => {
      const a = await greeted();
      const mark = await click(a.v, 'hello', 'human');
      await next(a.v, mark, (f) => f.type === 'bot');
      expect((await t.graphql(ONE, { id: a.conversationId }, admin)).data?.['conversation']).toMatchObject({ status: 'queued', assignee: null });
      expect((await t.graphql(LIST_VIEW, { view: 'queue' }, anna)).data?.['conversations'].nodes.map((n: { id: string }) => n.id)).toContain(a.conversationId);
      // the answer after hand-over is refused: the bot no longer handles it
      const m2 = await click(a.v, 'hello', 'delivery', 'late-1');
      expect(await next(a.v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotNotActive, clientId: 'late-1' });

      const b = await greeted();
      const m3 = await click(b.v, 'hello', 'bye');
      await next(b.v, m3, (f) => f.type === 'bot' && f.canRestart);
      expect((await t.graphql(ONE, { id: b.conversationId }, admin)).data?.['conversation'].status).toBe('closed');
    });

    it('a typed message while the bot waits hands the chat over to the queue', async () => {
      const { v, conversationId } = await greeted();
      const mark = v.frames.length;
      const ack = await v.ack(v.send('I have a question about my order'));
      expect(ack.type).toBe('ack');
      expect(await next(v, mark, (f) => f.type === 'bot')).toMatchObject({ buttons: [] });
      expect((await t.graphql(ONE, { id: conversationId }, admin)).data?.['conversation'].status).toBe('queued');
    });

    it('an operator (here an agent) who takes the chat stops the bot', async () => {
      const { v, conversationId } = await greeted();
      const mark = v.frames.length;
      expect(code(await t.graphql(TAKE, { id: conversationId }, olga))).toBe(ErrorCode.Forbidden);
      const taken = await t.graphql(TAKE, { id: conversationId }, anna);
      expect(taken.data?.['takeConversation']).toMatchObject({ status: 'open', assignee: { email: 'anna@demo.test' } });
      expect(await next(v, mark, (f) => f.type === 'participant' && f.event === 'joined')).toMatchObject({ name: 'Anna Nowak' });
      expect(await next(v, mark, (f) => f.type === 'bot')).toMatchObject({ buttons: [], canRestart: false });
      const m2 = await click(v, 'hello', 'delivery', 'after-take');
      expect(await next(v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotNotActive });
      // a reconnecting widget gets no buttons either
      const again = await visitor();
      expect(again.frames.some((f) => f.type === 'bot')).toBe(false);
    });

    it("a chat the bot starts gets the channel's tag and owner (C6), on the visitor's own contact when they gave one", async () => {
      const [boris] = await t.db.query(`SELECT id FROM operators WHERE email = 'boris@demo.test'`);
      const withAcquisition = settingsOf({ botEnabled: true, botScenarioId: scenarioId, acquisition: { tag: 'Bot lead', ownerId: boris.id } });
      const saved = await t.graphql(`mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id } }`, { i: withAcquisition }, admin);
      expect(saved.errors).toBeUndefined();
      const tagsOf = async (conversationId: string) =>
        t.db.query(
          `SELECT ct.id AS contact_id, ct.owner_id, array_agg(tg.name) AS tags FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
           LEFT JOIN contact_tags x ON x.contact_id = ct.id LEFT JOIN tags tg ON tg.id = x.tag_id WHERE c.id = $1 GROUP BY ct.id`,
          [conversationId],
        );
      const anonymous = await greeted();
      const [a] = await tagsOf(anonymous.conversationId);
      expect(a).toMatchObject({ owner_id: boris.id, tags: ['Bot lead'] });

      // a visitor who filled in the pre-chat form first: the bot's chat keeps that contact
      const v = await visitor();
      v.sendFrame({ type: 'contact', values: { name: 'Pre Chat', email: 'pre.chat@example.com' } });
      await v.waitFor((f) => f.type === 'contact_saved' || f.type === 'error');
      const [{ contact_id: own }] = await t.db.query(`SELECT contact_id FROM visitors WHERE id = (SELECT id FROM visitors ORDER BY created_at DESC LIMIT 1)`);
      const contactsBefore = (await t.db.query(`SELECT count(*)::int AS n FROM contacts`))[0].n;
      v.sendFrame({ type: 'bot_start' });
      const bot = await v.waitFor((f) => f.type === 'bot' && f.buttons.length > 0);
      const [b] = await tagsOf(bot.conversationId);
      expect(b).toMatchObject({ contact_id: own, owner_id: boris.id, tags: ['Bot lead'] });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM contacts`))[0].n).toBe(contactsBefore);
    });

    it('an answer sent again with the same clientId (a widget that reconnected) is applied once; a stale one is still refused', async () => {
      const { v, conversationId } = await greeted();
      const welcome = v.frames.find((f) => f.type === 'welcome');
      const mark = await click(v, 'hello', 'delivery', 'retry-1');
      await next(v, mark, (f) => f.type === 'bot' && f.stepId === 'delivery');
      // the widget lost its socket before it saw the answer: it connects again and resends it
      const again = new VisitorClient(`${t.wsUrl}/ws/visitor`);
      visitors.push(again);
      await again.open();
      again.sendFrame({ type: 'hello', channelKey: 'demo-webchat', visitorToken: welcome.visitorToken, lastSeq: 1 });
      await again.welcome();
      await again.waitFor((f) => f.type === 'bot' && f.stepId === 'delivery');
      const m2 = await click(again, 'hello', 'delivery', 'retry-1');
      // no error, no second step: the widget is told where the chat is (the step after the answer)
      expect(await next(again, m2, (f) => f.type === 'bot' || f.type === 'error')).toMatchObject({ type: 'bot', conversationId, stepId: 'delivery', buttons: [{ id: 'more' }, { id: 'human' }] });
      // the same on the first socket, whose last bot frame was that very one
      const m3 = await click(v, 'hello', 'delivery', 'retry-1');
      expect(await next(v, m3, (f) => f.type === 'bot' || f.type === 'error')).toMatchObject({ type: 'bot', stepId: 'delivery' });
      const msgs = (await t.graphql(MESSAGES, { id: conversationId }, admin)).data?.['messages'].nodes;
      expect(msgs.map((m: { authorType: string; body: string }) => `${m.authorType}:${m.body}`)).toEqual(['system:Hi! What can I help you with?', 'visitor:Delivery costs?', 'system:Delivery is free from 50 €.']);
      expect(again.frames.slice(m2).some((f) => f.type === 'error')).toBe(false);
      // a genuinely stale answer (another clientId, the old step) is refused as before
      const m4 = await click(again, 'hello', 'delivery', 'retry-2');
      expect(await next(again, m4, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotStaleAnswer, clientId: 'retry-2' });
      // a clientId this visitor never sent for an answer (the bot's greeting has its own) does not count
      const [greeting] = await t.db.query(`SELECT client_id FROM messages WHERE conversation_id = $1 AND seq = 1`, [conversationId]);
      const m5 = await click(again, 'hello', 'delivery', greeting.client_id);
      expect(await next(again, m5, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotStaleAnswer });

      // an answer that handed the chat over, repeated: no BOT_NOT_ACTIVE, the buttons go
      const b = await greeted();
      const m6 = await click(b.v, 'hello', 'human', 'retry-human');
      await next(b.v, m6, (f) => f.type === 'bot' && f.buttons.length === 0);
      const m7 = await click(b.v, 'hello', 'human', 'retry-human');
      expect(await next(b.v, m7, (f) => f.type === 'bot' || f.type === 'error')).toMatchObject({ type: 'bot', buttons: [], canRestart: false });
      expect((await t.graphql(ONE, { id: b.conversationId }, admin)).data?.['conversation'].status).toBe('queued');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND author_type = 'visitor'`, [b.conversationId]))[0].n).toBe(1);
    });

    it('the sweep closes chats left waiting at a bot step, live; recent and taken ones stay', async () => {
      const idle = await greeted();
      const recent = await greeted();
      const taken = await greeted();
      expect((await t.graphql(TAKE, { id: taken.conversationId }, anna)).errors).toBeUndefined();
      // the idle one and the taken one last moved three hours ago
      await t.db.query(`UPDATE conversations SET last_message_at = now() - interval '3 hours', updated_at = now() - interval '3 hours' WHERE id = ANY($1)`, [[idle.conversationId, taken.conversationId]]);
      const sub = t.subscriptions(admin);
      await sub.connected;
      const events = collect<any>(sub, `subscription { inboxEvent { kind conversation { id status } } }`, 1);
      await events.ready;
      const mark = idle.v.frames.length;
      // the processor as the queue runs it, with the default of 2 hours
      await t.queue().add(QueueName.maintenance, CLOSE_IDLE_BOT_CHATS_JOB, {}, { jobId: `${CLOSE_IDLE_BOT_CHATS_JOB}-test-${Date.now()}` });
      await t.queue().idle(20_000);
      const [event] = await events.done;
      expect(event.inboxEvent).toMatchObject({ kind: 'conversation_updated', conversation: { id: idle.conversationId, status: 'closed' } });
      await sub.client.dispose();
      // the widget that is still there offers "start again", like after the bot's own close
      expect(await next(idle.v, mark, (f) => f.type === 'bot' && f.canRestart)).toMatchObject({ conversationId: idle.conversationId, buttons: [] });
      const rows = await t.db.query(`SELECT id, status, bot_step_id, closed_at FROM conversations WHERE id = ANY($1)`, [[idle.conversationId, recent.conversationId, taken.conversationId]]);
      const byId = Object.fromEntries(rows.map((r: any) => [r.id, r]));
      expect(byId[idle.conversationId]).toMatchObject({ status: 'closed', bot_step_id: null });
      expect(byId[idle.conversationId].closed_at).not.toBeNull();
      expect(byId[recent.conversationId]).toMatchObject({ status: 'bot', bot_step_id: 'hello', closed_at: null });
      expect(byId[taken.conversationId]).toMatchObject({ status: 'open' });
      // a late answer to the closed chat is refused; a reconnecting widget is offered "start again"
      const m2 = await click(idle.v, 'hello', 'delivery', 'late-idle');
      expect(await next(idle.v, m2, (f) => f.type === 'error')).toMatchObject({ code: ErrorCode.BotNotActive });

      // the processor called directly, with a `now` and a shorter time (BOT_IDLE_CLOSE_MINUTES): the recent one goes too
      const more = await greeted();
      await t.app.get(CloseIdleBotChatsJob).handle({ now: new Date(Date.now() + 11 * 60_000).toISOString(), idleMinutes: 10 });
      expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [recent.conversationId]))[0].status).toBe('closed');
      expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [more.conversationId]))[0].status).toBe('closed');
      expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [taken.conversationId]))[0].status).toBe('open');
      // in batches: batches of one close all three waiting chats, a limit of batches stops earlier
      const batch = await Promise.all([greeted(), greeted(), greeted()]);
      const bot = t.app.get(BotRuntimeService);
      const waiting = async () => (await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE status = 'bot'`))[0].n as number;
      expect(await waiting()).toBeGreaterThanOrEqual(3);
      expect(await bot.closeIdle(new Date(Date.now() + 60_000), 1, 2)).toBe(2);
      // the rest, in batches of one; a row a write holds at that instant is skipped (SKIP LOCKED) and taken by the next run
      for (let run = 0; run < 20 && (await waiting()) > 0; run++) {
        await bot.closeIdle(new Date(Date.now() + 60_000), 1);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE id = ANY($1) AND status = 'closed'`, [batch.map((b) => b.conversationId)]))[0].n).toBe(3);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE status = 'bot'`))[0].n).toBe(0);
      // the sweep reads the partial index
      const plan = await t.db.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        return m.query(`EXPLAIN SELECT id FROM conversations WHERE status = 'bot' AND deleted_at IS NULL AND assignee_id IS NULL AND last_message_at < now() AND updated_at < now() ORDER BY last_message_at LIMIT 200`);
      });
      expect(plan.map((r: any) => r['QUERY PLAN']).join('\n')).toContain('conversations_bot_idle_idx');
    });

    it('answers are rate-limited like messages', async () => {
      const { v } = await greeted();
      const mark = v.frames.length;
      for (let i = 0; i < 40; i++) v.sendFrame({ type: 'bot_answer', clientId: `flood-${i}`, stepId: 'nope', buttonId: 'nope' });
      expect(await next(v, mark, (f) => f.type === 'error' && f.code === ErrorCode.RateLimited)).toBeTruthy();
    });

    it('with the bot off, new conversations work as before (bot_start does nothing; the first message queues)', async () => {
      expect((await setBot(false, scenarioId)).errors).toBeUndefined();
      const v = await visitor();
      const mark = v.frames.length;
      v.sendFrame({ type: 'bot_start' });
      const ack = await v.ack(v.send('Hello?'));
      expect(ack.type).toBe('ack');
      expect(v.frames.slice(mark).some((f) => f.type === 'bot')).toBe(false);
      expect((await t.graphql(ONE, { id: ack.message.conversationId }, admin)).data?.['conversation'].status).toBe('queued');
      expect((await t.graphql(DELETE, { id: scenarioId }, admin)).data?.['deleteBotScenario']).toBe(true);
    });
  });
});
