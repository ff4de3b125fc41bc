import { ErrorCode } from '@parley/shared/contracts';
import { MailCatcher } from '../testing/mail-catcher';
import { TestApp } from '../testing/test-app';

const INVITE = `mutation($i: InviteOperatorInput!) { inviteOperator(input: $i) { id email role state expiresAt } }`;
const LIST = `query { invitations { nodes { id email role state invitedByName } hasNextPage endCursor } }`;
const PREVIEW = `query($t: String!) { invitation(token: $t) { email role workspaceName expiresAt } }`;
const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { accessToken operator { email displayName role } workspace { name } } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(id: $id) { id state expiresAt } }`;
const REVOKE = `mutation($id: ID!) { revokeInvitation(id: $id) { id state } }`;
const tokenOf = (text: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1] as string;

describe('invitations by e-mail (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let admin: string;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, MAIL_FROM: 'Parley <team@parley.test>', PUBLIC_URL: 'https://parley.example.com' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('an admin invites; the e-mail carries a one-time link; accepting creates the operator in the workspace and signs them in', async () => {
    const r = await t.graphql(INVITE, { i: { email: 'new.colleague@demo.test', role: 'agent' } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['inviteOperator']).toMatchObject({ email: 'new.colleague@demo.test', role: 'agent', state: 'pending' });
    const expires = new Date(r.data?.['inviteOperator'].expiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 5 * 86_400_000))).toBeLessThan(60_000);

    const mail = await smtp.waitFor((m) => m.to.includes('new.colleague@demo.test'));
    expect(mail.from).toBe('team@parley.test');
    expect(mail.subject).toContain('Join');
    expect(mail.text).toContain('https://parley.example.com/invite/');
    const token = tokenOf(mail.text);
    expect(token.length).toBeGreaterThan(30);
    // the token is stored hashed, never as sent
    const stored = await t.db.query(`SELECT token_hash FROM invitations WHERE lower(email) = 'new.colleague@demo.test'`);
    expect(stored[0].token_hash).not.toContain(token);

    const list = await t.graphql(LIST, {}, admin);
    expect(list.errors).toBeUndefined();
    expect(list.data?.['invitations'].nodes).toEqual([expect.objectContaining({ email: 'new.colleague@demo.test', state: 'pending', invitedByName: expect.any(String) })]);

    const preview = await t.graphql(PREVIEW, { t: token });
    expect(preview.data?.['invitation']).toMatchObject({ email: 'new.colleague@demo.test', role: 'agent', workspaceName: expect.any(String) });

    const tooShort = await t.graphql(ACCEPT, { i: { token, displayName: 'Nina', password: 'short' } });
    expect(tooShort.errors?.[0].extensions?.['code']).toBe(ErrorCode.BadUserInput);

    const accepted = await t.graphql(ACCEPT, { i: { token, displayName: 'Nina New', password: 'a-good-password' } });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.['acceptInvitation'].operator).toEqual({ email: 'new.colleague@demo.test', displayName: 'Nina New', role: 'agent' });
    expect(accepted.headers.get('set-cookie')).toContain('parley_rt=');
    const me = await t.graphql(`query { me { email role } workspace { id } }`, {}, accepted.data?.['acceptInvitation'].accessToken);
    const adminWs = await t.graphql(`query { workspace { id } }`, {}, admin);
    expect(me.data?.['workspace'].id).toBe(adminWs.data?.['workspace'].id);
    expect(await t.login('new.colleague@demo.test', 'a-good-password')).toEqual(expect.any(String));

    // the link works once
    const again = await t.graphql(ACCEPT, { i: { token, displayName: 'Someone', password: 'another-password' } });
    expect(again.errors?.[0].extensions?.['code']).toBe(ErrorCode.Conflict);
    expect(again.errors?.[0].extensions?.['reason']).toBe('INVITATION_USED');
    expect((await t.graphql(PREVIEW, { t: token })).errors?.[0].extensions?.['reason']).toBe('INVITATION_USED');
    expect((await t.graphql(LIST, {}, admin)).data?.['invitations'].nodes).toEqual([]);

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'operator.invited' OR action LIKE 'invitation.%' ORDER BY created_at`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['operator.invited', 'invitation.accepted']);
  });

  it('refuses forged, expired and revoked links with a clear reason; resend replaces the link', async () => {
    const forged = await t.graphql(ACCEPT, { i: { token: 'x'.repeat(43), displayName: 'Eve', password: 'whatever-123' } });
    expect(forged.errors?.[0].extensions).toMatchObject({ code: ErrorCode.NotFound, reason: 'INVITATION_UNKNOWN' });

    const inv = (await t.graphql(INVITE, { i: { email: 'late@demo.test', role: 'observer' } }, admin)).data?.['inviteOperator'];
    const first = tokenOf((await smtp.waitFor((m) => m.to.includes('late@demo.test'))).text);
    await t.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [inv.id]);
    const expired = await t.graphql(ACCEPT, { i: { token: first, displayName: 'Late', password: 'late-password' } });
    expect(expired.errors?.[0].extensions).toMatchObject({ code: ErrorCode.TokenExpired, reason: 'INVITATION_EXPIRED' });
    expect((await t.graphql(LIST, {}, admin)).data?.['invitations'].nodes[0]).toMatchObject({ email: 'late@demo.test', state: 'expired' });

    const resent = await t.graphql(RESEND, { id: inv.id }, admin);
    expect(resent.data?.['resendInvitation'].state).toBe('pending');
    const second = await smtp.waitFor((m) => m.to.includes('late@demo.test') && tokenOf(m.text) !== first);
    expect((await t.graphql(PREVIEW, { t: first })).errors?.[0].extensions?.['reason']).toBe('INVITATION_UNKNOWN');
    expect((await t.graphql(PREVIEW, { t: tokenOf(second.text) })).data?.['invitation'].role).toBe('observer');

    expect((await t.graphql(REVOKE, { id: inv.id }, admin)).data?.['revokeInvitation'].state).toBe('revoked');
    const revoked = await t.graphql(ACCEPT, { i: { token: tokenOf(second.text), displayName: 'Late', password: 'late-password' } });
    expect(revoked.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Forbidden, reason: 'INVITATION_REVOKED' });
    expect((await t.graphql(REVOKE, { id: '00000000-0000-0000-0000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.NotFound);
  });

  it('only admins invite; bad addresses and existing operators are refused', async () => {
    const agent = await t.login('anna@demo.test');
    const before = smtp.mails.length;
    for (const token of [agent, await t.login('olga@demo.test')]) {
      const r = await t.graphql(INVITE, { i: { email: 'sneaky@demo.test', role: 'admin' } }, token);
      expect(r.errors?.[0].extensions?.['code']).toBe(ErrorCode.Forbidden);
      expect((await t.graphql(LIST, {}, token)).errors?.[0].extensions?.['code']).toBe(ErrorCode.Forbidden);
    }
    expect((await t.graphql(INVITE, { i: { email: 'sneaky@demo.test', role: 'agent' } })).errors?.[0].extensions?.['code']).toBe(ErrorCode.Unauthenticated);
    expect((await t.graphql(INVITE, { i: { email: 'not an address', role: 'agent' } }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.BadUserInput);
    expect((await t.graphql(INVITE, { i: { email: 'x@y.z', role: 'king' } }, admin)).errors?.length).toBeGreaterThan(0);
    expect((await t.graphql(INVITE, { i: { email: 'ANNA@demo.test', role: 'agent' } }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.Conflict);
    await t.graphql(INVITE, { i: { email: 'twice@demo.test', role: 'agent' } }, admin);
    expect((await t.graphql(INVITE, { i: { email: 'Twice@demo.test', role: 'agent' } }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.Conflict);
    await t.queue().idle();
    expect(smtp.mails.length - before).toBe(1);
    expect(smtp.to('sneaky@demo.test')).toEqual([]);
  });
});
