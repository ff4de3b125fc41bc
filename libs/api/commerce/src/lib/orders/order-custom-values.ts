import { FieldError } from '@parley/api/platform/graphql';
import { OrderCustomFieldObject, OrderCustomFieldType, OrderCustomValueInput } from './order.object';

export const ORDER_CUSTOM_TEXT_MAX = 2000;
const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The error's field for a key as typed (a key that is no slug is not echoed). */
const at = (key: string) => (/^[a-z0-9-]{1,40}$/.test(key) ? `custom.${key}` : 'custom');

/** A value as typed, checked by the field's type; the normalised string or an error message. */
export function checkCustomValue(f: Pick<OrderCustomFieldObject, 'name' | 'type' | 'options'>, raw: string): { value: string } | { error: string } {
  const v = raw.trim();
  switch (f.type) {
    case OrderCustomFieldType.text:
      return v.length > ORDER_CUSTOM_TEXT_MAX ? { error: `At most ${ORDER_CUSTOM_TEXT_MAX} characters` } : { value: v };
    case OrderCustomFieldType.number: {
      const n = v.replace(',', '.');
      return DECIMAL.test(n) ? { value: n } : { error: 'A number such as 12 or 12.50' };
    }
    case OrderCustomFieldType.date:
      return isRealDate(v) ? { value: v } : { error: 'A date such as 2026-12-24' };
    case OrderCustomFieldType.select:
      return f.options.includes(v) ? { value: v } : { error: `Choose one of the options of ${f.name}` };
    case OrderCustomFieldType.checkbox:
      return v === 'true' || v === 'false' ? { value: v } : { error: 'true or false' };
    default:
      return { error: 'Unknown field type' };
  }
}

/**
 * The order's custom values after a save: `input` null keeps the stored ones; otherwise every
 * active field takes the input's value (left out or empty clears it). A switched-off field keeps
 * its stored value and refuses a new one; an unknown key is refused. Required fields are checked
 * when the order is complete (placing or saving a placed order); a required checkbox must be ticked.
 */
export function parseCustomValues(
  fields: readonly OrderCustomFieldObject[],
  input: readonly OrderCustomValueInput[] | null | undefined,
  stored: Readonly<Record<string, string>>,
  complete: boolean,
  errors: FieldError[],
): Record<string, string> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, string> = {};
  // values of fields that are switched off (or were deleted) stay as they are
  for (const [k, v] of Object.entries(stored ?? {})) {
    const f = byKey.get(k);
    if (!f || !f.active || input === null || input === undefined) out[k] = v;
  }
  if (Array.isArray(input)) {
    if (input.length > 100) errors.push({ field: 'custom', message: 'At most 100 custom values' });
    const seen = new Set<string>();
    for (const item of input.slice(0, 100)) {
      const key = typeof item?.key === 'string' ? item.key : '';
      const raw = item?.value === null || item?.value === undefined ? '' : typeof item.value === 'string' ? item.value : null;
      if (seen.has(key)) {
        errors.push({ field: at(key), message: 'This field is given twice' });
        continue;
      }
      seen.add(key);
      const f = byKey.get(key);
      if (!f) {
        errors.push({ field: at(key), message: 'Unknown order field' });
        continue;
      }
      if (raw === null) {
        errors.push({ field: at(key), message: 'Text expected' });
        continue;
      }
      if (!f.active) {
        const now = stored?.[key] ?? '';
        if (raw.trim() !== now) errors.push({ field: at(key), message: `“${f.name}” is switched off: its value cannot change` });
        continue;
      }
      if (raw.trim() === '') continue;
      const r = checkCustomValue(f, raw);
      if ('error' in r) errors.push({ field: at(key), message: r.error });
      else out[key] = r.value;
    }
  }
  if (complete) {
    for (const f of fields) {
      if (!f.active || !f.required || errors.some((e) => e.field === `custom.${f.key}`)) continue;
      const v = out[f.key];
      if (v === undefined || v === '' || (f.type === OrderCustomFieldType.checkbox && v !== 'true')) errors.push({ field: `custom.${f.key}`, message: `${f.name} is required` });
    }
  }
  return out;
}
