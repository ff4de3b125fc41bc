import { AuditAction, ClientAuditAction, Permission, PERMISSION_LABELS, SIDE_PANEL_WIDGET_CATALOG } from '@parley/shared/contracts';

/** Someone or something an audit entry names (the API resolves ids to names). */
export interface AuditSubject {
  type: string;
  id: string | null;
  name: string | null;
  deleted: boolean;
}

export interface AuditEntryView {
  id: string;
  action: string;
  actor: AuditSubject | null;
  target: AuditSubject | null;
  refs: AuditSubject[];
  /** JSON object (from the API). */
  details: string;
  createdAt: string;
}

/** A sentence in pieces: plain text, or a named subject the screen shows in bold (a link where it has a page). */
export type SentencePart = { text: string } | { subject: AuditSubject; label: string; link: string | null };

/** Filter labels, one per action kind; the sentences below give the full story. */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction | ClientAuditAction, string>> = {
  [AuditAction.conversationDeleted]: 'Conversation deleted',
  [AuditAction.conversationMerged]: 'Conversations merged',
  [AuditAction.operatorCreated]: 'Operator added',
  [AuditAction.operatorRoleChanged]: 'Role changed',
  [AuditAction.operatorInvited]: 'Colleague invited',
  [AuditAction.invitationResent]: 'Invitation resent',
  [AuditAction.invitationRevoked]: 'Invitation revoked',
  [AuditAction.invitationAccepted]: 'Invitation accepted',
  [AuditAction.webchatMailSettingsChanged]: 'Offline form / e-mail settings changed',
  [AuditAction.webchatIdentitySecretRegenerated]: 'Identity secret regenerated',
  [AuditAction.operatorDeactivated]: 'Operator deactivated',
  [AuditAction.operatorReactivated]: 'Operator reactivated',
  [AuditAction.operatorEmailChanged]: 'Login e-mail changed',
  [AuditAction.operatorPasswordChanged]: 'Password changed',
  [AuditAction.permissionGroupCreated]: 'Permission group created',
  [AuditAction.permissionGroupUpdated]: 'Permission group changed',
  [AuditAction.permissionGroupDeleted]: 'Permission group deleted',
  [AuditAction.permissionGroupMembersChanged]: 'Permission group members changed',
  [AuditAction.quickReplyChanged]: 'Shared quick reply changed',
  [AuditAction.groupCreated]: 'Group created',
  [AuditAction.groupUpdated]: 'Group changed',
  [AuditAction.groupDeleted]: 'Group deleted',
  [AuditAction.groupMembersChanged]: 'Group members changed',
  [AuditAction.operatorRoutingChanged]: 'Working hours / chat limit changed',
  [AuditAction.autoAssignChanged]: 'Auto-assignment changed',
  [AuditAction.channelRoutingChanged]: 'Chat routing changed',
  [AuditAction.channelCreated]: 'Channel added',
  [AuditAction.channelUpdated]: 'Channel changed',
  [AuditAction.channelDeleted]: 'Channel deleted',
  [AuditAction.channelContactAcquisitionChanged]: 'Tag / owner of new contacts changed',
  [AuditAction.botScenarioCreated]: 'Bot scenario created',
  [AuditAction.botScenarioUpdated]: 'Bot scenario changed',
  [AuditAction.botScenarioDeleted]: 'Bot scenario deleted',
  [AuditAction.messageSplit]: 'E-mail split into a new conversation',
  [AuditAction.messageMoved]: 'E-mail moved into another conversation',
  [AuditAction.sidePanelWidgetsChanged]: 'Side panel widgets changed',
  [AuditAction.aiSettingsChanged]: 'AI tools settings changed',
  [AuditAction.acquirerSettingsChanged]: 'Payment settings changed',
  [AuditAction.apiKeyCreated]: 'API key created',
  [AuditAction.apiKeyRevoked]: 'API key revoked',
  [ClientAuditAction.contactChanged]: 'Client changed',
  [ClientAuditAction.conversationLinked]: 'Conversation linked to another client',
  [ClientAuditAction.contactsMerged]: 'Clients merged',
  [ClientAuditAction.customFieldChanged]: 'Custom client field changed',
  [ClientAuditAction.tagCreated]: 'Tag created',
  [ClientAuditAction.tagUpdated]: 'Tag renamed / recoloured',
  [ClientAuditAction.tagDeleted]: 'Tag deleted',
  [ClientAuditAction.catalogueFeedChanged]: 'Catalogue feed changed',
  [ClientAuditAction.orderSettingsChanged]: 'Order status, payment type or order field changed',
};

/** A readable label for any action kind, known or not ("widget.theme_changed" → "Widget theme changed"). */
export function actionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? humanize(action);
}

const NOUNS: Record<string, string> = {
  operator: 'operator',
  group: 'group',
  permission_group: 'permission group',
  channel: 'channel',
  bot_scenario: 'bot scenario',
  quick_reply: 'quick reply',
  invitation: 'invitation',
  contact: 'client',
  conversation: 'conversation',
  tag: 'tag',
  custom_field: 'client field',
  workspace: 'workspace',
  catalogue_feed: 'catalogue feed',
  order_status: 'order status',
  payment_type: 'payment type',
  order_custom_field: 'order field',
  api_key: 'API key',
};

const LINKS: Record<string, (id: string) => string> = {
  operator: () => '/admin/operators',
  group: () => '/admin/groups',
  permission_group: () => '/admin/permissions',
  channel: (id) => `/admin/channels/${id}`,
  bot_scenario: () => '/admin/bots',
  conversation: (id) => `/inbox/${id}`,
  tag: () => '/admin/tags',
  catalogue_feed: () => '/admin/catalogue',
  order_status: () => '/admin/orders',
  payment_type: () => '/admin/orders',
  order_custom_field: () => '/admin/orders',
  api_key: () => '/admin/api-keys',
};

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Monday first, as schedules are read. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

interface Hours {
  timezone?: string;
  ranges?: Array<{ day: number; start: string; end: string }>;
}

/** "Mon–Fri 9:00–17:00, Sat 10:00–14:00 (Europe/Warsaw)"; "no set hours" for none. */
export function formatWorkingHours(hours: unknown): string {
  const h = (hours && typeof hours === 'object' ? hours : null) as Hours | null;
  const ranges = Array.isArray(h?.ranges) ? h.ranges.filter((r) => r && typeof r.day === 'number' && typeof r.start === 'string' && typeof r.end === 'string') : [];
  if (!ranges.length) return 'no set hours';
  const byWindow = new Map<string, number[]>();
  for (const r of ranges) {
    const key = `${time(r.start)}–${time(r.end)}`;
    byWindow.set(key, [...(byWindow.get(key) ?? []), r.day]);
  }
  const parts = [...byWindow].map(([window, days]) => `${dayList(days)} ${window}`);
  return `${parts.join(', ')}${h?.timezone ? ` (${h.timezone})` : ''}`;
}

function time(hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? `${Number(m[1])}:${m[2]}` : hhmm;
}

/** [1,2,3,4,5] → "Mon–Fri"; [1,3] → "Mon, Wed"; consecutive runs of three or more become ranges. */
function dayList(days: number[]): string {
  const order = WEEK_ORDER.filter((d) => days.includes(d)).map((d) => WEEK_ORDER.indexOf(d));
  const runs: number[][] = [];
  for (const i of order) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === i - 1) run.push(i);
    else runs.push([i]);
  }
  return runs
    .flatMap((run) => (run.length >= 3 ? [`${DAY_NAMES[WEEK_ORDER[run[0]]]}–${DAY_NAMES[WEEK_ORDER[run[run.length - 1]]]}`] : run.map((i) => DAY_NAMES[WEEK_ORDER[i]])))
    .join(', ');
}

function humanize(key: string): string {
  const words = key.replace(/[._]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Something changed';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ROLE_WORDS: Record<string, string> = { admin: 'admin', supervisor: 'supervisor', agent: 'agent', observer: 'observer' };
const role = (v: unknown): string => ROLE_WORDS[String(v)] ?? 'operator';
const modeWord = (v: unknown): string => (typeof v === 'string' ? v.replace(/_/g, '-') : 'unknown');
const rights = (v: unknown): string => {
  const list = Array.isArray(v) ? v.map((p) => PERMISSION_LABELS[p as Permission] ?? humanize(String(p))) : [];
  return list.length ? list.join(', ') : 'no rights';
};

/** Names of a client's fields as the card shows them. */
const CLIENT_FIELD_WORDS: Record<string, string> = { name: 'name', phone: 'phone', email: 'e-mail', address: 'address', customField: 'field' };

/** A short, readable rendering of a changed value (a name, an address, a custom value); never JSON. */
function valueText(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 79)}…` : v || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v === true ? 'yes' : v === false ? 'no' : v);
  if (Array.isArray(v)) return v.map(valueText).filter(Boolean).join(', ') || null;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const joined = str(o['name']) ?? str(o['line']) ?? ['first', 'middle', 'last'].map((k) => str(o[k])).filter(Boolean).join(' ');
    return joined ? valueText(joined) : null;
  }
  return null;
}

/** The parts of the sentence for one entry: "Alex Admin changed Boris Petrov’s working hours to Mon–Fri 9:00–17:00 (Europe/Warsaw)". */
export function auditSentence(entry: AuditEntryView): SentencePart[] {
  let d: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(entry.details);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) d = parsed;
  } catch {
    // a readable sentence without the details
  }
  const parts: SentencePart[] = [];
  const text = (t: string) => parts.push({ text: t });
  const subject = (s: AuditSubject | null | undefined, fallbackType: string, possessive = false) => {
    const sub = s ?? { type: fallbackType, id: null, name: null, deleted: false };
    const noun = NOUNS[sub.type] ?? 'item';
    const label = sub.name ?? (sub.deleted ? `a deleted ${noun}` : `a ${noun}`);
    // "deleted the group a deleted group" → "deleted a deleted group"
    const before = parts[parts.length - 1];
    if (!sub.name && before && 'text' in before && before.text.endsWith(` the ${noun} `)) before.text = before.text.slice(0, -` the ${noun} `.length) + ' ';
    const link = sub.id && !sub.deleted && LINKS[sub.type] ? LINKS[sub.type](sub.id) : null;
    parts.push({ subject: sub, label, link });
    if (possessive) parts.push({ text: '’s' });
  };
  const list = (subs: AuditSubject[], type: string) =>
    subs.forEach((s, i) => {
      if (i) text(i === subs.length - 1 ? ' and ' : ', ');
      subject(s, type);
    });
  const refsOf = (type: string, ids?: unknown): AuditSubject[] => {
    const wanted = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : null;
    const refs = entry.refs.filter((r) => r.type === type);
    return wanted ? wanted.map((id) => refs.find((r) => r.id === id) ?? { type, id, name: null, deleted: true }) : refs;
  };
  const target = entry.target;
  const selfTarget = !!entry.actor?.id && entry.actor.id === target?.id;

  if (entry.actor) subject(entry.actor, 'operator');
  else text('The system');

  switch (entry.action as AuditAction | ClientAuditAction) {
    case AuditAction.conversationDeleted: {
      text(' deleted the conversation with ');
      const contact = refsOf('contact')[0];
      subject(target?.name ? { ...target, deleted: true } : contact ?? { type: 'contact', id: null, name: 'a visitor', deleted: false }, 'contact');
      const messages = num(d['messages']);
      if (messages !== null) text(` (${messages} ${messages === 1 ? 'message' : 'messages'})`);
      break;
    }
    case AuditAction.conversationMerged: {
      text(' merged two conversations of ');
      subject(refsOf('contact')[0] ?? { type: 'contact', id: null, name: target?.name ?? 'a visitor', deleted: false }, 'contact');
      text(' into ');
      subject(target ? { ...target, name: 'one' } : null, 'conversation');
      const moved = num(d['messagesMoved']);
      if (moved !== null) text(` (${moved} ${moved === 1 ? 'message' : 'messages'} moved)`);
      break;
    }
    case AuditAction.operatorCreated:
      text(' added ');
      subject(target, 'operator');
      text(` as ${role(d['role'])}`);
      break;
    case AuditAction.operatorRoleChanged:
      text(' changed ');
      subject(target, 'operator', true);
      text(` role from ${role(d['from'])} to ${role(d['to'])}`);
      break;
    case AuditAction.operatorInvited:
      text(' invited ');
      subject(target, 'invitation');
      text(` as ${role(d['role'])}`);
      break;
    case AuditAction.invitationResent:
      text(' resent the invitation to ');
      subject(target, 'invitation');
      break;
    case AuditAction.invitationRevoked:
      text(' revoked the invitation to ');
      subject(target, 'invitation');
      break;
    case AuditAction.invitationAccepted:
      text(` accepted the invitation and joined as ${role(d['role'])}`);
      break;
    case AuditAction.webchatMailSettingsChanged: {
      text(' changed the offline form and e-mail settings of ');
      subject(target, 'channel');
      const n = num(d['notifyEmails']);
      text(` (offline form ${d['offlineForm'] ? 'on' : 'off'}${n !== null ? `, ${n} notification ${n === 1 ? 'address' : 'addresses'}` : ''})`);
      break;
    }
    case AuditAction.webchatIdentitySecretRegenerated:
      text(' regenerated the identity secret of ');
      subject(target, 'channel');
      break;
    case AuditAction.operatorDeactivated:
      text(' deactivated ');
      subject(target, 'operator');
      break;
    case AuditAction.operatorReactivated:
      text(' reactivated ');
      subject(target, 'operator');
      break;
    case AuditAction.operatorEmailChanged:
      if (selfTarget) text(' changed their login e-mail');
      else {
        text(' changed ');
        subject(target, 'operator', true);
        text(' login e-mail');
      }
      if (str(d['from']) && str(d['to'])) text(` from ${d['from']} to ${d['to']}`);
      break;
    case AuditAction.operatorPasswordChanged:
      if (selfTarget) text(' changed their password');
      else {
        text(' changed ');
        subject(target, 'operator', true);
        text(' password');
      }
      break;
    case AuditAction.permissionGroupCreated:
      text(' created the permission group ');
      subject(target, 'permission_group');
      text(` with ${rights(d['permissions'])}`);
      break;
    case AuditAction.permissionGroupUpdated:
      text(' changed the permission group ');
      subject(target, 'permission_group');
      if (str(d['previousName'])) text(` (renamed from ${d['previousName']})`);
      if (Array.isArray(d['permissions'])) text(`: now ${rights(d['permissions'])}`);
      break;
    case AuditAction.permissionGroupDeleted:
      text(' deleted the permission group ');
      subject(target, 'permission_group');
      break;
    case AuditAction.permissionGroupMembersChanged: {
      const added = refsOf('operator', d['added']);
      const removed = refsOf('operator', d['removed']);
      if (added.length) {
        text(' added ');
        list(added, 'operator');
        text(' to');
      }
      if (removed.length) {
        text(added.length ? ' and removed ' : ' removed ');
        list(removed, 'operator');
        text(' from');
      }
      if (!added.length && !removed.length) text(' changed the members of');
      text(' the permission group ');
      subject(target, 'permission_group');
      break;
    }
    case AuditAction.quickReplyChanged: {
      const op = str(d['op']);
      text(` ${op === 'created' ? 'created' : op === 'deleted' ? 'deleted' : 'changed'} the shared quick reply `);
      subject(target, 'quick_reply');
      break;
    }
    case AuditAction.groupCreated:
      text(' created the group ');
      subject(target, 'group');
      break;
    case AuditAction.groupUpdated: {
      const before = (d['before'] ?? {}) as Record<string, unknown>;
      const after = (d['after'] ?? {}) as Record<string, unknown>;
      text(' changed the group ');
      subject(target, 'group');
      if (str(before['name']) && str(after['name']) && before['name'] !== after['name']) text(` (renamed from ${before['name']} to ${after['name']})`);
      else if (before['description'] !== after['description'] && 'description' in after) text(' (its description)');
      break;
    }
    case AuditAction.groupDeleted:
      text(' deleted the group ');
      subject(target, 'group');
      break;
    case AuditAction.groupMembersChanged: {
      const members = refsOf('operator', d['operatorIds']);
      if (members.length) {
        text(' set the members of the group ');
        subject(target, 'group');
        text(' to ');
        list(members, 'operator');
      } else {
        text(' removed every member from the group ');
        subject(target, 'group');
      }
      break;
    }
    case AuditAction.operatorRoutingChanged: {
      text(' changed ');
      subject(target, 'operator', true);
      text(` working hours to ${formatWorkingHours(d['workingHours'])}`);
      const max = d['maxChats'];
      text(` and chat limit to ${typeof max === 'number' ? max : 'unlimited'}`);
      break;
    }
    case AuditAction.autoAssignChanged:
      text(` changed auto-assignment from ${modeWord(d['before'])} to ${modeWord(d['after'])}`);
      break;
    case AuditAction.channelRoutingChanged: {
      const routing = (d['routing'] ?? {}) as { defaultGroupId?: string | null; pageRules?: Array<{ urlContains?: string; groupId?: string }> };
      const group = (id: unknown) => entry.refs.find((r) => r.type === 'group' && r.id === id) ?? { type: 'group', id: String(id), name: null, deleted: true };
      text(' changed the chat routing of ');
      subject(target, 'channel');
      text(': new chats go to ');
      if (routing.defaultGroupId) subject(group(routing.defaultGroupId), 'group');
      else text('every operator');
      const rules = Array.isArray(routing.pageRules) ? routing.pageRules : [];
      rules.forEach((r, i) => {
        text(`${i ? ';' : ','} pages containing “${String(r?.urlContains ?? '')}” go to `);
        subject(group(r?.groupId), 'group');
      });
      break;
    }
    case AuditAction.channelContactAcquisitionChanged: {
      text(' changed what ');
      subject(target, 'channel');
      text(' gives new contacts: ');
      text(str(d['tag']) ? `tag “${d['tag']}”` : 'no tag');
      text(', ');
      const owner = refsOf('operator')[0];
      if (owner) {
        text('owner ');
        subject(owner, 'operator');
      } else text('no owner');
      break;
    }
    case AuditAction.botScenarioCreated:
    case AuditAction.botScenarioUpdated:
    case AuditAction.botScenarioDeleted: {
      const verb = entry.action === AuditAction.botScenarioCreated ? 'created' : entry.action === AuditAction.botScenarioDeleted ? 'deleted' : 'changed';
      text(` ${verb} the bot scenario `);
      subject(target, 'bot_scenario');
      const steps = num(d['steps']);
      if (steps !== null) text(` (${steps} ${steps === 1 ? 'step' : 'steps'})`);
      break;
    }
    case AuditAction.sidePanelWidgetsChanged: {
      const names = (key: string) => (Array.isArray(d[key]) ? (d[key] as unknown[]).map((k) => SIDE_PANEL_WIDGET_CATALOG.find((w) => w.kind === k)?.label ?? 'a removed widget') : []);
      const disabled = names('disabled');
      const enabled = names('enabled');
      const said: string[] = [];
      if (disabled.length) said.push(`disabled the side panel widgets ${disabled.join(', ')}`);
      if (enabled.length) said.push(`enabled ${disabled.length ? '' : 'the side panel widgets '}${enabled.join(', ')}`);
      text(` ${said.length ? said.join(' and ') : 'saved the side panel widgets unchanged'} for everyone`);
      break;
    }
    case AuditAction.aiSettingsChanged: {
      const words: Record<string, string> = { summaryEnabled: 'the summary switch', baseUrl: 'the base URL', model: 'the model', tokenBudget: 'the token budget' };
      const changed = Array.isArray(d['changed']) ? (d['changed'] as unknown[]).map((k) => words[String(k)]).filter(Boolean) : [];
      const key = str(d['apiKey']);
      if (key === 'replaced') changed.push('the API key');
      const enabled = typeof d['summaryEnabled'] === 'boolean' ? (d['summaryEnabled'] ? ' (summaries on)' : ' (summaries off)') : '';
      const said = changed.length ? `changed ${changed.join(', ')}` : '';
      text(` ${[said, key === 'removed' ? 'removed the API key' : ''].filter(Boolean).join(' and ') || 'saved the AI tools settings unchanged'} in Settings › AI tools${enabled}`);
      break;
    }
    case AuditAction.acquirerSettingsChanged: {
      const names: Record<string, string> = { test: 'the test acquirer', stripe: 'Stripe' };
      const secretWords: Record<string, string> = { secretKey: 'the secret key', webhookSecret: 'the webhook signing secret' };
      const kind = str(d['kind']);
      const secrets = d['secrets'] && typeof d['secrets'] === 'object' ? Object.entries(d['secrets'] as Record<string, unknown>) : [];
      const said = secrets.map(([k, v]) => `${v === 'removed' ? 'removed' : 'replaced'} ${secretWords[k] ?? 'a secret'}`);
      const on = typeof d['enabled'] === 'boolean' ? (d['enabled'] ? 'switched on' : 'switched off') : 'saved';
      text(` ${[on, ...said].join(', ')} ${names[kind ?? ''] ?? 'an acquirer'} in Settings › Payments`);
      break;
    }
    case AuditAction.apiKeyCreated:
    case AuditAction.apiKeyRevoked: {
      const created = entry.action === AuditAction.apiKeyCreated;
      const scopes = Array.isArray(d['scopes']) ? (d['scopes'] as unknown[]).filter((x): x is string => x === 'read' || x === 'write') : [];
      const prefix = str(d['prefix']);
      const name = str(d['name']);
      text(created ? ' created the API key ' : ' revoked the API key ');
      subject(target ?? (name ? { type: 'api_key', id: null, name, deleted: false } : null), 'api_key');
      const said = [prefix ? `${prefix}…` : '', created && scopes.length ? scopes.join(' and ') : ''].filter(Boolean);
      if (said.length) text(` (${said.join(', ')})`);
      break;
    }
    case ClientAuditAction.contactChanged: {
      const field = str(d['field']);
      const word = field === 'customField' ? `field “${str(d['name']) ?? 'a removed field'}”` : CLIENT_FIELD_WORDS[field ?? ''] ?? 'details';
      const value = valueText(d['value']);
      const op = str(d['op']);
      const it = value ? `the ${word} ${value}` : `a ${word}`;
      if (op === 'add') text(` added ${it} to `);
      else if (op === 'remove') text(` removed ${it} from `);
      else if (op === 'primary') text(` made ${value ?? 'a'} the primary ${word} of `);
      else if (op === 'clear') text(` cleared the ${word} of `);
      else text(` changed the ${word} of `);
      subject(target, 'contact');
      if ((op === 'set' || op === 'replace') && value) text(` to ${value}`);
      break;
    }
    case ClientAuditAction.conversationLinked:
      text(' moved ');
      subject(refsOf('conversation')[0] ?? { type: 'conversation', id: str(d['conversationId']), name: 'a conversation', deleted: false }, 'conversation');
      text(' from ');
      subject(refsOf('contact').find((r) => r.id === d['fromContactId']) ?? { type: 'contact', id: null, name: 'another client', deleted: true }, 'contact');
      text(' to ');
      subject(target, 'contact');
      break;
    case ClientAuditAction.contactsMerged: {
      text(' merged ');
      subject(refsOf('contact').find((r) => r.id === d['mergedId']) ?? { type: 'contact', id: null, name: str(d['mergedName']) ?? 'a client', deleted: true }, 'contact');
      text(' into ');
      subject(target, 'contact');
      break;
    }
    case ClientAuditAction.customFieldChanged: {
      const op = str(d['op']);
      if (op === 'reordered') {
        text(' reordered the pinned client fields');
        break;
      }
      text(` ${op === 'created' ? 'created' : op === 'deleted' ? 'deleted' : 'changed'} the client field `);
      subject(target, 'custom_field');
      break;
    }
    case ClientAuditAction.catalogueFeedChanged: {
      const op = str(d['op']);
      text(op === 'created' ? ' added the catalogue feed ' : op === 'deleted' ? ' deleted the catalogue feed ' : op === 'imported' ? ' started an import of the catalogue feed ' : ' changed the catalogue feed ');
      subject(target ?? { type: 'catalogue_feed', id: null, name: str(d['name']), deleted: op === 'deleted' }, 'catalogue_feed');
      break;
    }
    case ClientAuditAction.orderSettingsChanged: {
      const op = str(d['op']);
      const kind = target?.type === 'payment_type' ? 'payment_type' : target?.type === 'order_custom_field' ? 'order_custom_field' : 'order_status';
      const noun = kind === 'payment_type' ? 'payment type' : kind === 'order_custom_field' ? 'order field' : 'order status';
      text(op === 'create' ? ` added the ${noun} ` : op === 'move' ? ` moved the ${noun} ` : op === 'delete' ? ` deleted the ${noun} ` : ` changed the ${noun} `);
      subject(target ?? { type: kind, id: null, name: str(d['name']), deleted: op === 'delete' }, kind);
      const from = (d['from'] ?? {}) as Record<string, unknown>;
      const to = (d['to'] ?? {}) as Record<string, unknown>;
      if (op === 'update' && from['active'] !== to['active']) text(to['active'] ? ' (switched on)' : ' (switched off)');
      else if (op === 'update' && str(from['name']) && str(to['name']) && from['name'] !== to['name']) text(` (renamed from ${from['name']} to ${to['name']})`);
      break;
    }
    case ClientAuditAction.tagCreated:
      text(' created the tag ');
      subject(target, 'tag');
      break;
    case ClientAuditAction.tagUpdated:
    case ClientAuditAction.tagDeleted: {
      const from = (d['from'] ?? {}) as Record<string, unknown>;
      const to = (d['to'] ?? {}) as Record<string, unknown>;
      const deleting = entry.action === ClientAuditAction.tagDeleted;
      const finished = d['phase'] === 'finished';
      text(finished ? ` finished ${deleting ? 'deleting' : 'changing'} the tag ` : ` ${deleting ? 'deleted' : 'changed'} the tag `);
      subject(target ?? { type: 'tag', id: null, name: str(from['name']), deleted: deleting }, 'tag');
      if (!deleting && !finished && str(from['name']) && str(to['name']) && from['name'] !== to['name']) text(` (renamed from ${from['name']} to ${to['name']})`);
      else if (!deleting && !finished && str(to['color']) && from['color'] !== to['color']) text(' (new colour)');
      const clients = num(d['clients']);
      const conversations = num(d['conversations']);
      if (clients !== null && conversations !== null) text(` on ${clients} ${clients === 1 ? 'client' : 'clients'} and ${conversations} ${conversations === 1 ? 'conversation' : 'conversations'}`);
      break;
    }
    default: {
      // a kind this screen does not know yet: still a sentence, never the raw key or raw values
      text(`: ${actionLabel(entry.action).toLowerCase()}`);
      if (target && (target.name || target.id)) {
        text(` (${NOUNS[target.type] ?? 'item'} `);
        subject(target, target.type);
        text(')');
      }
    }
  }
  return parts;
}

/** The whole sentence as plain text (tests, titles). */
export function auditSentenceText(entry: AuditEntryView): string {
  return auditSentence(entry)
    .map((p) => ('text' in p ? p.text : p.label))
    .join('');
}
