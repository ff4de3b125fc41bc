/**
 * Parsing of server frames. Everything from the socket is untrusted: malformed JSON, unknown
 * types and frames missing required fields are dropped (null), and only known fields are copied.
 */
import {
  ATTACHMENT_MIME_TYPES,
  ATTACHMENT_UPLOAD_PATH,
  BOT_BUTTONS_MAX,
  BOT_LABEL_MAX,
  type ChatAttachment,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_CLIENT_ID_LENGTH,
  MessageAuthorType,
  type MessageCard,
  type VisitorClientFrame,
  type VisitorMessage,
  type VisitorServerFrame,
} from '@parley/shared/contracts';
import { parseFeatureFrame } from './feature-frames';
import { normalizeSettings } from './settings';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const AUTHOR_TYPES: readonly string[] = [MessageAuthorType.visitor, MessageAuthorType.operator, MessageAuthorType.system];

export function parseVisitorMessage(v: unknown): VisitorMessage | null {
  if (!isObj(v)) return null;
  const { id, clientId, conversationId, seq, authorType, authorName, body, createdAt, editedAt, attachments, card } = v;
  if (!isStr(id) || !id) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (!isStr(authorType) || !AUTHOR_TYPES.includes(authorType)) return null;
  if (!isStr(body)) return null;
  if (!isStr(conversationId)) return null;
  return {
    id,
    clientId: isStr(clientId) ? clientId : null,
    conversationId,
    seq,
    authorType: authorType as MessageAuthorType,
    authorName: isStr(authorName) && authorName.trim() ? authorName : null,
    body,
    createdAt: isStr(createdAt) ? createdAt : '',
    editedAt: isStr(editedAt) && editedAt ? editedAt : null,
    ...(Array.isArray(attachments) && attachments.length ? { attachments: attachments.slice(0, MAX_ATTACHMENTS_PER_MESSAGE).map(parseAttachment).filter((a): a is ChatAttachment => !!a) } : {}),
    ...(parseCard(card) ? { card: parseCard(card) } : {}),
  };
}

/** Only http(s) links; anything else (javascript:, data:) is dropped. */
const httpUrl = (v: unknown): string | null => {
  if (!isStr(v) || v.length > 2000) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
};

/** Issue #12: a product card the operator sent; null unless every part is sane. */
export function parseCard(v: unknown): MessageCard | null {
  if (!isObj(v) || v['kind'] !== 'product') return null;
  const { productId, sku, name, price, currency, imageUrl, url } = v;
  if (!isStr(productId) || !isStr(sku) || !isStr(name) || !name.trim() || name.length > 500 || !isStr(price) || !/^\d{1,10}(\.\d{1,3})?$/.test(price) || !isStr(currency) || !/^[A-Z]{3}$/.test(currency)) return null;
  return { kind: 'product', productId, sku: sku.slice(0, 200), name, price, currency, imageUrl: httpUrl(imageUrl), url: httpUrl(url) };
}

const dim = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/** Only our own download path (never `javascript:` or another site), a known type and sane numbers. */
export function parseAttachment(v: unknown): ChatAttachment | null {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.name) || !isStr(v.url) || !isStr(v.mime)) return null;
  if (!v.url.startsWith(`${ATTACHMENT_UPLOAD_PATH}/`) || !(ATTACHMENT_MIME_TYPES as readonly string[]).includes(v.mime)) return null;
  const size = typeof v.size === 'number' && Number.isSafeInteger(v.size) && v.size > 0 ? v.size : 0;
  return { id: v.id, name: v.name.slice(0, 200), mime: v.mime as ChatAttachment['mime'], size, url: v.url, width: dim(v.width), height: dim(v.height) };
}

export function parseServerFrame(data: unknown): VisitorServerFrame | null {
  if (!isStr(data)) return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'welcome': {
      if (!isStr(v.visitorToken) || !v.visitorToken) return null;
      const conversationId = isStr(v.conversationId) && v.conversationId ? v.conversationId : null;
      const lastSeq = typeof v.lastSeq === 'number' && Number.isSafeInteger(v.lastSeq) && v.lastSeq > 0 ? v.lastSeq : 0;
      return { type: 'welcome', visitorToken: v.visitorToken, conversationId, lastSeq, settings: normalizeSettings(v.settings), operatorReadSeq: seqOf(v.operatorReadSeq), ...(typeof v.available === 'boolean' ? { available: v.available } : {}) };
    }
    case 'ack': {
      const message = parseVisitorMessage(v.message);
      if (!isStr(v.clientId) || !v.clientId || v.clientId.length > MAX_CLIENT_ID_LENGTH || !message) return null;
      return { type: 'ack', clientId: v.clientId, message };
    }
    case 'message': {
      const message = parseVisitorMessage(v.message);
      return message ? { type: 'message', message } : null;
    }
    case 'message_edited': {
      const message = parseVisitorMessage(v.message);
      return message ? { type: 'message_edited', message } : null;
    }
    case 'resync': {
      const fromSeq = seqOf(v.fromSeq);
      if (!isStr(v.conversationId) || !v.conversationId || fromSeq < 1) return null;
      return { type: 'resync', conversationId: v.conversationId, fromSeq, lastSeq: Math.max(fromSeq, seqOf(v.lastSeq)) };
    }
    case 'typing': {
      if (typeof v.active !== 'boolean') return null;
      return { type: 'typing', active: v.active, name: isStr(v.name) && v.name.trim() ? v.name.slice(0, 200) : null };
    }
    case 'read':
      return { type: 'read', operatorReadSeq: seqOf(v.operatorReadSeq), visitorReadSeq: seqOf(v.visitorReadSeq) };
    case 'error': {
      if (!isStr(v.code) || !v.code) return null;
      const frame: VisitorServerFrame = { type: 'error', code: v.code, message: isStr(v.message) ? v.message : '' };
      if (isStr(v.clientId) && v.clientId) frame.clientId = v.clientId;
      if (isStr(v.messageId) && v.messageId) frame.messageId = v.messageId;
      if (isStr(v.frame) && v.frame) frame.frame = v.frame.slice(0, 20);
      if (isStr(v.field) && v.field) frame.field = v.field.slice(0, 60);
      if (v.retriable === true) frame.retriable = true;
      return frame;
    }
    case 'settings':
      return isObj(v.settings) ? { type: 'settings', settings: normalizeSettings(v.settings) } : null;
    case 'availability':
      return typeof v.available === 'boolean' ? { type: 'availability', available: v.available } : null;
    case 'offline_form_result':
      return parseOfflineResult(v);
    case 'queue': {
      const position = typeof v.position === 'number' && Number.isSafeInteger(v.position) && v.position > 0 ? v.position : null;
      const etaSeconds = typeof v.etaSeconds === 'number' && Number.isFinite(v.etaSeconds) && v.etaSeconds >= 0 ? Math.round(v.etaSeconds) : null;
      return { type: 'queue', position, etaSeconds: position === null ? null : etaSeconds };
    }
    case 'participant': {
      if ((v.event !== 'joined' && v.event !== 'left') || !isStr(v.name) || !v.name.trim()) return null;
      return { type: 'participant', event: v.event, name: v.name.trim().slice(0, 200), avatarUrl: null };
    }
    case 'bot':
      return parseBotFrame(v);
    default:
      return parseFeatureFrame(v);
  }
}

/** SPEC C2: the answer to an `offline_form` frame; only known fields, bounded. */
function parseOfflineResult(v: Obj): VisitorServerFrame | null {
  if (!isStr(v.clientId) || typeof v.ok !== 'boolean') return null;
  const fieldErrors = Array.isArray(v.fieldErrors)
    ? v.fieldErrors
        .slice(0, 20)
        .filter((e): e is Obj => isObj(e) && isStr(e['field']) && isStr(e['message']))
        .map((e) => ({ field: (e['field'] as string).slice(0, 40), message: (e['message'] as string).slice(0, 200) }))
    : undefined;
  return {
    type: 'offline_form_result',
    clientId: v.clientId,
    ok: v.ok,
    ...(isStr(v.conversationId) ? { conversationId: v.conversationId } : {}),
    ...(isStr(v.code) ? { code: v.code } : {}),
    ...(isStr(v.message) ? { message: v.message.slice(0, 300) } : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(v.retriable === true ? { retriable: true } : {}),
  };
}

/** SPEC D2: the bot's answer buttons; only known fields, bounded (labels are shown as text only). */
function parseBotFrame(v: Obj): VisitorServerFrame | null {
  if (!isStr(v.conversationId) || !v.conversationId || typeof v.canRestart !== 'boolean' || !Array.isArray(v.buttons)) return null;
  const buttons = v.buttons
    .slice(0, BOT_BUTTONS_MAX)
    .filter((b): b is Obj => isObj(b) && isStr(b['id']) && !!b['id'] && (b['id'] as string).length <= 64 && isStr(b['label']) && !!(b['label'] as string).trim())
    .map((b) => ({ id: b['id'] as string, label: (b['label'] as string).slice(0, BOT_LABEL_MAX) }));
  const stepId = isStr(v.stepId) && v.stepId && v.stepId.length <= 64 ? v.stepId : null;
  return { type: 'bot', conversationId: v.conversationId, stepId, buttons: stepId ? buttons : [], canRestart: v.canRestart };
}

/** A non-negative whole number, else 0. */
const seqOf = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);

export const encodeClientFrame = (frame: VisitorClientFrame): string => JSON.stringify(frame);
