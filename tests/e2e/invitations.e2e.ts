import { MailCatcher } from '../../apps/api/src/testing/mail-catcher';
import { useParley } from './harness';

/**
 * Issue 3 (SPEC B8) in a real browser: an admin invites a colleague from /admin/invitations; the
 * e-mail (received by a real SMTP server) carries a link; the colleague opens it, picks a name and
 * password and lands in the inbox signed in; the same link opened again says it was used.
 */
describe('invitations by e-mail (Chromium)', () => {
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
  });
  afterAll(async () => smtp?.stop());
  const parley = useParley(() => ({ SMTP_URL: smtp.url }));

  it('admin invites from the admin area; the colleague accepts the link once and is signed in; reuse and forged links show a message', async () => {
    const adminCtx = await parley.browser.newContext();
    const admin = await adminCtx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin/invitations`);
    await admin.getByTestId('invitations-empty').waitFor();

    // bad input first: not an e-mail address
    await admin.getByTestId('invite-email-input').fill('not-an-address');
    await admin.getByTestId('invite-send').click();
    await admin.getByText('This does not look like an e-mail address.').waitFor();

    await admin.getByTestId('invite-email-input').fill('zoe@demo.test');
    await admin.getByTestId('invite-send').click();
    await admin.getByTestId('invitations-notice').filter({ hasText: 'zoe@demo.test' }).waitFor();
    await admin.getByTestId('invitation-row').filter({ hasText: 'zoe@demo.test' }).waitFor();

    const mail = await smtp.waitFor((m) => m.to.includes('zoe@demo.test'), 20_000);
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const url = `${parley.server.url}${new URL(link as string).pathname}`;

    const colleagueCtx = await parley.browser.newContext();
    const colleague = await colleagueCtx.newPage();
    await colleague.goto(url);
    expect(await colleague.getByTestId('invite-email').innerText()).toBe('zoe@demo.test');
    await colleague.getByTestId('invite-name').fill('Zoe Zielinska');
    await colleague.getByTestId('invite-password').fill('short');
    await colleague.getByTestId('invite-submit').click();
    await colleague.getByText('The password needs at least 8 characters.').waitFor();
    await colleague.getByTestId('invite-password').fill('zoe-secret-password');
    await colleague.getByTestId('invite-submit').click();
    await colleague.waitForURL(/\/inbox/);
    expect(await colleague.getByTestId('current-operator').innerText()).toContain('Zoe Zielinska');

    // the link worked once
    const laterCtx = await parley.browser.newContext();
    const later = await laterCtx.newPage();
    await later.goto(url);
    expect(await later.getByTestId('invite-problem').innerText()).toContain('already been used');
    await later.goto(`${parley.server.url}/invite/forged-token-that-does-not-exist`);
    expect(await later.getByTestId('invite-problem').innerText()).toContain('not valid');

    // the admin's list no longer shows it
    await admin.reload();
    await admin.getByTestId('invitations-empty').waitFor();
    await Promise.all([adminCtx.close(), colleagueCtx.close(), laterCtx.close()]);
  });
});
