import { badInput } from './domain.exception';

/** Keyset cursor over (timestamp desc, id desc): opaque to clients, validated on the way in. */
export interface TimeIdCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: TimeIdCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): TimeIdCursor {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const [iso, id] = raw.split('|');
  const at = new Date(iso ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(at.getTime())) throw badInput('Invalid cursor');
  return { at, id };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
