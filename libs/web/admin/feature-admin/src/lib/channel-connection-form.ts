/** One field of a channel kind's settings form, as `channelKinds` describes it (issue #10). */
export interface SettingsField {
  key: string;
  label: string;
  type: string;
  required: boolean;
  hint?: string | null;
  placeholder?: string | null;
  options: Array<{ value: string; label: string }>;
  /** Shown only while the select `key` has one of `values` (unset: its first option). */
  shownWhen?: { key: string; values: string[] } | null;
}

export type FieldValue = string | boolean;

/** The fields the form shows for the values chosen now (e-mail's IMAP fields only in the IMAP mode). */
export function shownFields(fields: readonly SettingsField[], values: Record<string, FieldValue>): SettingsField[] {
  return fields.filter((f) => {
    if (!f.shownWhen) return true;
    const by = fields.find((x) => x.key === f.shownWhen?.key);
    const chosen = values[f.shownWhen.key];
    const value = typeof chosen === 'string' && chosen ? chosen : (by?.options[0]?.value ?? '');
    return f.shownWhen.values.includes(value);
  });
}

const getPath = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object' || Array.isArray(at[k])) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

/** The form's values from stored (redacted) settings: a secret always starts empty ("leave empty to keep"). */
export function formValues(fields: readonly SettingsField[], settings: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of fields) {
    const v = getPath(settings, f.key);
    if (f.type === 'boolean') out[f.key] = v === true;
    else if (f.type === 'secret') out[f.key] = '';
    else out[f.key] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/**
 * The settings to send: the stored ones (keys no field shows stay as they are) with each field's
 * value laid over them. An empty secret is left out, which keeps the stored one; an empty text or
 * number is left out too, so the kind's own validation names a required one. Returns the local
 * errors instead when a required field is empty (a required secret only when none is stored yet)
 * or a number is not one.
 */
export function settingsFromForm(
  fields: readonly SettingsField[],
  values: Record<string, FieldValue>,
  stored: Record<string, unknown>,
  secretsSet: readonly string[],
): { settings: Record<string, unknown> } | { errors: Record<string, string> } {
  // the stored settings are JSON (from `channelAdmin`): a JSON copy is a deep copy
  const settings = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.key];
    if (f.type === 'boolean') {
      setPath(settings, f.key, raw === true);
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!text) {
      if (f.required && !(f.type === 'secret' && secretsSet.includes(f.key))) errors[f.key] = `${f.label} is required`;
      if (f.type !== 'secret') setPath(settings, f.key, undefined);
      continue;
    }
    if (f.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.key] = `${f.label} must be a number`;
      else setPath(settings, f.key, n);
      continue;
    }
    // a secret keeps what was typed exactly (a password may end in a space)
    setPath(settings, f.key, f.type === 'secret' ? raw : text);
  }
  return Object.keys(errors).length ? { errors } : { settings };
}
