/** Parsing of the widget-extras server frames (visitor, contact_saved, identified); untrusted like every frame. */
import { PRECHAT_FIELDS, type PreChatFieldSetting, type WidgetFeatureServerFrame } from '@parley/shared/contracts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function askFields(v: unknown): PreChatFieldSetting[] {
  if (!Array.isArray(v)) return [];
  const out: PreChatFieldSetting[] = [];
  for (const f of v.slice(0, PRECHAT_FIELDS.length)) {
    if (isObj(f) && (PRECHAT_FIELDS as readonly unknown[]).includes(f['field']) && !out.some((o) => o.field === f['field'])) {
      out.push({ field: f['field'] as PreChatFieldSetting['field'], required: f['required'] === true });
    }
  }
  return out;
}

export function parseFeatureFrame(v: Obj): WidgetFeatureServerFrame | null {
  switch (v['type']) {
    case 'visitor':
      return {
        type: 'visitor',
        country: typeof v['country'] === 'string' && /^[A-Z]{2}$/.test(v['country']) ? v['country'] : null,
        askFields: askFields(v['askFields']),
        known: v['known'] === true,
      };
    case 'contact_saved':
      return { type: 'contact_saved', askFields: askFields(v['askFields']) };
    case 'identified':
      return { type: 'identified', verified: v['verified'] === true, askFields: askFields(v['askFields']) };
    default:
      return null;
  }
}
