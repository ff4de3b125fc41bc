/**
 * Parsing of server frames. Everything from the socket is untrusted: malformed JSON, unknown
 * types and frames missing required fields are dropped (null), and only known fields are copied.
 */
import {
  MAX_CLIENT_ID_LENGTH,
  MessageAuthorType,
  type VisitorClientFrame,
  type VisitorMessage,
  type VisitorServerFrame,
} from '@parley/shared/contracts';
import { normalizeSettings } from './settings';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const AUTHOR_TYPES: readonly string[] = [MessageAuthorType.visitor, MessageAuthorType.operator, MessageAuthorType.system];

export function parseVisitorMessage(v: unknown): VisitorMessage | null {
  if (!isObj(v)) return null;
  const { id, clientId, conversationId, seq, authorType, authorName, body, createdAt } = v;
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
  };
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
      return { type: 'welcome', visitorToken: v.visitorToken, conversationId, lastSeq, settings: normalizeSettings(v.settings) };
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
    case 'error': {
      if (!isStr(v.code) || !v.code) return null;
      const frame: VisitorServerFrame = { type: 'error', code: v.code, message: isStr(v.message) ? v.message : '' };
      if (isStr(v.clientId) && v.clientId) frame.clientId = v.clientId;
      return frame;
    }
    case 'settings':
      return isObj(v.settings) ? { type: 'settings', settings: normalizeSettings(v.settings) } : null;
    default:
      return null;
  }
}

export const encodeClientFrame = (frame: VisitorClientFrame): string => JSON.stringify(frame);
