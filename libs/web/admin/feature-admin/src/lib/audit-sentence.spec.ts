import { AUDITED_ACTIONS, AuditAction, ClientAuditAction } from '@parley/shared/contracts';
import { AUDIT_ACTION_LABELS, actionLabel, auditSentenceText, AuditEntryView, AuditSubject, formatWorkingHours } from './audit-sentence';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const adam: AuditSubject = { type: 'operator', id: '11111111-1111-4111-8111-111111111111', name: 'Admin Adam', deleted: false };
const boris: AuditSubject = { type: 'operator', id: '22222222-2222-4222-8222-222222222222', name: 'Boris Petrov', deleted: false };

function entry(action: string, details: Record<string, unknown>, target: AuditSubject | null, refs: AuditSubject[] = [], actor: AuditSubject | null = adam): AuditEntryView {
  return { id: 'e1', action, actor, target, refs, details: JSON.stringify(details), createdAt: '2026-12-03T10:00:00Z' };
}

describe('audit sentences', () => {
  it('reads a working-hours change with names and the schedule', () => {
    const hours = { timezone: 'Europe/Warsaw', auto: false, ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })) };
    expect(auditSentenceText(entry(AuditAction.operatorRoutingChanged, { displayName: 'Boris Petrov', maxChats: null, workingHours: hours }, boris))).toBe(
      'Admin Adam changed Boris Petrov’s working hours to Mon–Fri 9:00–17:00 (Europe/Warsaw) and chat limit to unlimited',
    );
  });

  it('formats schedules: runs, single days, several windows, none', () => {
    expect(formatWorkingHours({ ranges: [{ day: 1, start: '09:00', end: '17:00' }, { day: 3, start: '09:00', end: '17:00' }, { day: 6, start: '10:00', end: '14:00' }] })).toBe('Mon, Wed 9:00–17:00, Sat 10:00–14:00');
    expect(formatWorkingHours({ ranges: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '22:00', end: '06:00' })) })).toBe('Mon–Sun 22:00–6:00');
    expect(formatWorkingHours(null)).toBe('no set hours');
    expect(formatWorkingHours('garbage')).toBe('no set hours');
  });

  it('names groups, members and deleted targets', () => {
    const sales: AuditSubject = { type: 'group', id: '33333333-3333-4333-8333-333333333333', name: 'Sales', deleted: false };
    expect(auditSentenceText(entry(AuditAction.groupCreated, { name: 'Sales', description: '' }, sales))).toBe('Admin Adam created the group Sales');
    expect(auditSentenceText(entry(AuditAction.groupMembersChanged, { name: 'Sales', operatorIds: [boris.id, adam.id] }, sales, [boris, adam]))).toBe('Admin Adam set the members of the group Sales to Boris Petrov and Admin Adam');
    expect(auditSentenceText(entry(AuditAction.groupDeleted, {}, { type: 'group', id: sales.id, name: null, deleted: true }))).toBe('Admin Adam deleted a deleted group');
    expect(auditSentenceText(entry(AuditAction.operatorDeactivated, { role: 'agent' }, boris))).toBe('Admin Adam deactivated Boris Petrov');
    expect(auditSentenceText(entry(AuditAction.operatorRoleChanged, { from: 'agent', to: 'observer' }, boris))).toBe('Admin Adam changed Boris Petrov’s role from agent to observer');
    expect(auditSentenceText(entry(AuditAction.operatorPasswordChanged, {}, adam))).toBe('Admin Adam changed their password');
    expect(auditSentenceText(entry(AuditAction.groupCreated, {}, sales, [], null))).toBe('The system created the group Sales');
  });

  it('gives every action kind its own sentence and label, with no raw key, UUID or [object Object]', () => {
    const details = { workingHours: { timezone: 'UTC', ranges: [{ day: 1, start: '09:00', end: '10:00' }] }, routing: { defaultGroupId: null, pageRules: [{ urlContains: 'x', groupId: '33333333-3333-4333-8333-333333333333' }] }, operatorIds: [boris.id], added: [boris.id], removed: [], before: { name: 'A' }, after: { name: 'B' }, permissions: ['create_tags'] };
    for (const action of AUDITED_ACTIONS) {
      expect(AUDIT_ACTION_LABELS[action as AuditAction]).toBeTruthy();
      const text = auditSentenceText(entry(action, details, boris, [boris]));
      expect(text).not.toContain(action);
      expect(text).not.toMatch(UUID);
      expect(text).not.toContain('[object Object]');
      expect(text).not.toMatch(/: [a-z ]+$/); // the generic fallback's shape
    }
  });

  it('reads what operators change on clients, tags and client fields (issue #11)', () => {
    const anna: AuditSubject = { type: 'contact', id: '55555555-5555-4555-8555-555555555555', name: 'Anna Kowalska', deleted: false };
    const other: AuditSubject = { type: 'contact', id: '66666666-6666-4666-8666-666666666666', name: 'A. Kowalska', deleted: false };
    const chat: AuditSubject = { type: 'conversation', id: '77777777-7777-4777-8777-777777777777', name: 'Anna Kowalska', deleted: false };
    const vip: AuditSubject = { type: 'tag', id: '88888888-8888-4888-8888-888888888888', name: 'VIP', deleted: false };
    const field: AuditSubject = { type: 'custom_field', id: '99999999-9999-4999-8999-999999999999', name: 'Loyalty card', deleted: false };
    const say = (action: string, d: Record<string, unknown>, target: AuditSubject | null, refs: AuditSubject[] = []) => auditSentenceText(entry(action, d, target, refs));
    expect(say(ClientAuditAction.contactChanged, { field: 'phone', op: 'add', value: '+48601234567' }, anna)).toBe('Admin Adam added the phone +48601234567 to Anna Kowalska');
    expect(say(ClientAuditAction.contactChanged, { field: 'email', op: 'remove', value: 'a@x.pl' }, anna)).toBe('Admin Adam removed the e-mail a@x.pl from Anna Kowalska');
    expect(say(ClientAuditAction.contactChanged, { field: 'email', op: 'primary', value: 'a@x.pl' }, anna)).toBe('Admin Adam made a@x.pl the primary e-mail of Anna Kowalska');
    expect(say(ClientAuditAction.contactChanged, { field: 'name', op: 'set', value: { first: 'Anna', last: 'Nowak', name: 'Anna Nowak' } }, anna)).toBe('Admin Adam changed the name of Anna Kowalska to Anna Nowak');
    expect(say(ClientAuditAction.contactChanged, { field: 'address', op: 'set', value: { line: 'Warszawa, Marszałkowska 1', split: false } }, anna)).toBe('Admin Adam changed the address of Anna Kowalska to Warszawa, Marszałkowska 1');
    expect(say(ClientAuditAction.contactChanged, { field: 'customField', name: 'Newsletter', op: 'set', value: true }, anna)).toBe('Admin Adam changed the field “Newsletter” of Anna Kowalska to yes');
    expect(say(ClientAuditAction.contactChanged, { field: 'customField', name: 'Newsletter', op: 'clear', value: null }, anna)).toBe('Admin Adam cleared the field “Newsletter” of Anna Kowalska');
    expect(say(ClientAuditAction.conversationLinked, { conversationId: chat.id, fromContactId: other.id }, anna, [chat, other])).toBe('Admin Adam moved Anna Kowalska from A. Kowalska to Anna Kowalska');
    expect(say(ClientAuditAction.contactsMerged, { survivorId: anna.id, mergedId: other.id, mergedName: 'A. Kowalska' }, anna)).toBe('Admin Adam merged A. Kowalska into Anna Kowalska');
    expect(say(ClientAuditAction.customFieldChanged, { op: 'created', name: 'Loyalty card', type: 'text' }, field)).toBe('Admin Adam created the client field Loyalty card');
    expect(say(ClientAuditAction.customFieldChanged, { op: 'reordered', ids: [field.id] }, null)).toBe('Admin Adam reordered the pinned client fields');
    expect(say(ClientAuditAction.tagCreated, { name: 'VIP', color: '#123456' }, vip)).toBe('Admin Adam created the tag VIP');
    expect(say(ClientAuditAction.tagUpdated, { phase: 'started', from: { name: 'VIP', color: '#111111' }, to: { name: 'Gold', color: '#111111' }, clients: 1200, conversations: 1 }, vip)).toBe(
      'Admin Adam changed the tag VIP (renamed from VIP to Gold) on 1200 clients and 1 conversation',
    );
    expect(say(ClientAuditAction.tagDeleted, { phase: 'finished', clients: 1, conversations: 0 }, { ...vip, deleted: true })).toBe('Admin Adam finished deleting the tag VIP on 1 client and 0 conversations');
  });

  it('reads the order fields admins change in Settings › Orders (issue #12)', () => {
    const floor: AuditSubject = { type: 'order_custom_field', id: '99999999-9999-4999-8999-999999999998', name: 'Floor', deleted: false };
    const say = (d: Record<string, unknown>, target: AuditSubject | null) => auditSentenceText(entry(ClientAuditAction.orderSettingsChanged, d, target));
    expect(say({ op: 'create', name: 'Floor', key: 'floor', type: 'number' }, floor)).toBe('Admin Adam added the order field Floor');
    expect(say({ op: 'update', name: 'Floor', from: { active: true }, to: { active: false } }, floor)).toBe('Admin Adam changed the order field Floor (switched off)');
    expect(say({ op: 'move', name: 'Floor', position: 0 }, floor)).toBe('Admin Adam moved the order field Floor');
    expect(say({ op: 'delete', name: 'Floor', key: 'floor' }, { ...floor, deleted: true })).toMatch(/^Admin Adam deleted the order field Floor/);
  });

  it('reads API keys created and revoked (issue #15): name, prefix, scopes, never the key', () => {
    const shop: AuditSubject = { type: 'api_key', id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', name: 'Shop server', deleted: false };
    expect(auditSentenceText(entry(AuditAction.apiKeyCreated, { name: 'Shop server', prefix: 'prl_AbCdEfGh', scopes: ['read', 'write'] }, shop))).toBe('Admin Adam created the API key Shop server (prl_AbCdEfGh…, read and write)');
    expect(auditSentenceText(entry(AuditAction.apiKeyRevoked, { name: 'Shop server', prefix: 'prl_AbCdEfGh' }, shop))).toBe('Admin Adam revoked the API key Shop server (prl_AbCdEfGh…)');
    expect(AUDIT_ACTION_LABELS[AuditAction.apiKeyRevoked]).toBe('API key revoked');
  });

  it('falls back to a readable sentence for an unknown kind and for broken details', () => {
    const text = auditSentenceText({ ...entry('widget.theme_changed', {}, { type: 'channel', id: '44444444-4444-4444-8444-444444444444', name: 'Shop chat', deleted: false }), details: '{not json' });
    expect(text).toBe('Admin Adam: widget theme changed (channel Shop chat)');
    expect(actionLabel('widget.theme_changed')).toBe('Widget theme changed');
    expect(auditSentenceText(entry('x', { a: { b: 1 } }, null))).not.toContain('[object Object]');
  });
});
