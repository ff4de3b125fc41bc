import { SNOOZE_MAX_DAYS } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';

const SNOOZE = `mutation($i: SnoozeConversationInput!) { snoozeConversation(input: $i) { id snoozedUntil } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const DAY = 86_400_000;

/**
 * Issue #17: the custom snooze time the web's dialog sends is checked again by the API — a time
 * in the past or now, more than SNOOZE_MAX_DAYS ahead, or not a date at all is BAD_USER_INPUT with
 * a message saying why; nothing is stored for a refused one.
 */
describe('snoozeConversation refuses bad times (integration)', () => {
  let t: TestApp;
  let anna: string;
  let conversationId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    anna = await t.login('anna@demo.test');
    const chat = await t.visitorWithConversation('please call me back later');
    chat.v.close();
    conversationId = chat.conversationId;
    const r = await t.graphql(TAKE, { i: { conversationId } }, anna);
    expect(r.errors).toBeUndefined();
  });
  afterAll(async () => t?.stop());

  async function refusal(until: unknown): Promise<{ code: unknown; message: string }> {
    const r = await t.graphql(SNOOZE, { i: { conversationId, until } }, anna);
    expect(r.errors).toBeDefined();
    return { code: r.errors![0].extensions?.['code'], message: r.errors![0].message };
  }
  async function stored(): Promise<string | null> {
    const [row] = await t.db.query(`SELECT snoozed_until FROM conversations WHERE id = $1`, [conversationId]);
    return row.snoozed_until ? new Date(row.snoozed_until).toISOString() : null;
  }

  it('refuses a time in the past, and now', async () => {
    expect(await refusal(new Date(Date.now() - 60_000).toISOString())).toEqual({ code: 'BAD_USER_INPUT', message: 'Snooze until a time in the future' });
    expect(await refusal(new Date(Date.now() - 400 * DAY).toISOString())).toEqual({ code: 'BAD_USER_INPUT', message: 'Snooze until a time in the future' });
    expect((await refusal(new Date().toISOString())).code).toBe('BAD_USER_INPUT');
    expect(await stored()).toBeNull();
  });

  it(`refuses more than ${SNOOZE_MAX_DAYS} days ahead and accepts just under`, async () => {
    expect(await refusal(new Date(Date.now() + SNOOZE_MAX_DAYS * DAY + 60_000).toISOString())).toEqual({ code: 'BAD_USER_INPUT', message: `Snooze for at most ${SNOOZE_MAX_DAYS} days` });
    expect(await refusal(new Date(Date.now() + 10 * 365 * DAY).toISOString())).toEqual({ code: 'BAD_USER_INPUT', message: `Snooze for at most ${SNOOZE_MAX_DAYS} days` });
    expect(await stored()).toBeNull();
    const until = new Date(Date.now() + SNOOZE_MAX_DAYS * DAY - 60_000);
    until.setMilliseconds(0);
    const r = await t.graphql(SNOOZE, { i: { conversationId, until: until.toISOString() } }, anna);
    expect(r.errors).toBeUndefined();
    expect(r.data!['snoozeConversation'].snoozedUntil).toBe(until.toISOString());
    expect(await stored()).toBe(until.toISOString());
  });

  it('refuses what is not a date with a clear error, never INTERNAL', async () => {
    for (const until of ['tomorrow', '2026-02-31T10:00:00Z', '', 'not-a-date', 12, true]) {
      const { code, message } = await refusal(until);
      expect({ until, code }).toEqual({ until, code: 'BAD_USER_INPUT' });
      expect(message).not.toMatch(/internal/i);
    }
    expect((await t.graphql(`mutation { snoozeConversation(input: { conversationId: "${conversationId}", until: "soon" }) { id } }`, {}, anna)).errors?.[0].extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
  });
});
