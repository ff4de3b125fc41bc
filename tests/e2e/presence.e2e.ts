import { useParley } from './harness';
import { graphql } from './helpers';

/**
 * Issue #17 item 3 in real browsers: presence follows the operator's connections. With short waits
 * (Away 3 s after the last connection is gone, Offline after 7 s), the admin watches the team list
 * while Boris closes his browser: Boris goes Away, then Offline, live; he logs in again and is
 * Online. Anna's own Away survives the same; a deactivated operator leaves the team list.
 */
describe('presence follows the connections (Chromium)', () => {
  const parley = useParley({ PRESENCE_AWAY_AFTER_MS: '3000', PRESENCE_OFFLINE_AFTER_MS: '7000' });

  it('an admin sees a closed browser go Away, then Offline, and Online again on login — live', async () => {
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    const borisCtx = await parley.browser.newContext();
    const boris = await borisCtx.newPage();
    await parley.signIn(boris, 'boris@demo.test');
    await boris.getByTestId('my-status').filter({ hasText: 'Online' }).waitFor();
    const annaCtx = await parley.browser.newContext();
    const anna = await annaCtx.newPage();
    await parley.signIn(anna, 'anna@demo.test');

    // the admin opens the team list and keeps watching it
    await admin.getByTestId('status-switcher').click();
    const team = admin.getByTestId('team-status');
    await team.filter({ hasText: 'Boris Petrov · Online' }).waitFor({ timeout: 10_000 });
    await team.filter({ hasText: 'Anna Nowak · Online' }).waitFor();

    // Boris closes his browser: Away after ~3 s, Offline after ~7 s, without a reload
    const closedAt = Date.now();
    await borisCtx.close();
    await team.filter({ hasText: 'Boris Petrov · Away' }).waitFor({ timeout: 10_000 });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(2500);
    await team.filter({ hasText: 'Boris Petrov · Offline' }).waitFor({ timeout: 10_000 });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(6500);
    // Anna is still connected all along: still Online
    await team.filter({ hasText: 'Anna Nowak · Online' }).waitFor();

    // he logs in again: Online on the admin's screen and on his own
    const borisCtx2 = await parley.browser.newContext();
    const boris2 = await borisCtx2.newPage();
    await parley.signIn(boris2, 'boris@demo.test');
    await boris2.getByTestId('my-status').filter({ hasText: 'Online' }).waitFor();
    await team.filter({ hasText: 'Boris Petrov · Online' }).waitFor({ timeout: 10_000 });

    // Anna chooses Away by hand and closes her browser; when she comes back after the automatic
    // Offline, she is Away again (her choice), not Online
    await anna.getByTestId('status-switcher').click();
    await anna.getByTestId('status-away').click();
    await anna.getByTestId('my-status').filter({ hasText: 'Away' }).waitFor();
    await team.filter({ hasText: 'Anna Nowak · Away' }).waitFor({ timeout: 10_000 });
    await annaCtx.close();
    await team.filter({ hasText: 'Anna Nowak · Offline' }).waitFor({ timeout: 15_000 });
    const annaCtx2 = await parley.browser.newContext();
    const anna2 = await annaCtx2.newPage();
    await parley.signIn(anna2, 'anna@demo.test');
    await anna2.getByTestId('my-status').filter({ hasText: 'Away' }).waitFor();
    await team.filter({ hasText: 'Anna Nowak · Away' }).waitFor({ timeout: 10_000 });

    // a deactivated operator leaves the team list, live
    const url = parley.server.url;
    const token = (await graphql(url, `mutation { login(input: { email: "admin@demo.test", password: "parley-demo" }) { accessToken } }`)).login.accessToken;
    const { operators } = await graphql(url, `query { operators { id email } }`, {}, token);
    const annaId = operators.find((o: { email: string }) => o.email === 'anna@demo.test').id;
    await graphql(url, `mutation($i: OperatorIdInput!) { deactivateOperator(input: $i) { id } }`, { i: { operatorId: annaId } }, token);
    // (the list stays, without Anna's line)
    await team.filter({ hasText: 'Anna Nowak' }).waitFor({ state: 'detached', timeout: 10_000 });
    await team.filter({ hasText: 'Boris Petrov · Online' }).waitFor();

    await Promise.all([adminCtx.close(), borisCtx2.close(), annaCtx2.close()]);
  });
});
