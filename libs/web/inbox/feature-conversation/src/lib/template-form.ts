import { GraphqlRequestError } from '@parley/web/shared/util';
import type { MessageTemplatesQuery } from '@parley/web/shared/data-access';

/** An approved message template of the conversation's channel (WhatsApp), as the API lists it. */
export type MessageTemplate = MessageTemplatesQuery['messageTemplates'][number];

/**
 * The API's limits on a template's values (libs/api/channels/whatsapp whatsapp-templates.ts):
 * checked here so the operator sees them at the field, and again by the server.
 */
export const TEMPLATE_VARIABLE_MAX = 900;
export const TEMPLATE_BODY_MAX = 1024;

const PLACEHOLDER = /\{\{\s*(\d{1,3})\s*\}\}/g;

/** The templates whose name (or language) contains every word typed, spaces standing for underscores too. */
export function filterTemplates(list: readonly MessageTemplate[], query: string): MessageTemplate[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...list];
  return list.filter((t) => {
    const name = `${t.name} ${t.name.replace(/_/g, ' ')} ${t.language}`.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

/** What is wrong with one value (WhatsApp refuses line breaks, tabs and runs of spaces), or null. */
export function variableError(value: string): string | null {
  if (!value.trim()) return 'Required';
  if (/[\r\n]/.test(value)) return 'One line only: WhatsApp does not allow line breaks in a variable';
  if (/\t/.test(value)) return 'No tabs: WhatsApp does not allow them in a variable';
  if (/ {5,}/.test(value.trim())) return 'At most 4 spaces in a row';
  if ([...value.trim()].length > TEMPLATE_VARIABLE_MAX) return `At most ${TEMPLATE_VARIABLE_MAX} characters`;
  return null;
}

/** The body with {{N}} replaced by the N-th value (trimmed); an empty one keeps its placeholder. */
export function fillTemplate(body: string, values: readonly string[]): string {
  return body.replace(PLACEHOLDER, (all, n: string) => {
    const v = values[Number(n) - 1]?.trim();
    return v ? v : all;
  });
}

/** What the client gets: header, filled-in body, footer (the thread shows the same). */
export function templatePreview(t: Pick<MessageTemplate, 'header' | 'body' | 'footer'>, values: readonly string[]): string {
  return [t.header, fillTemplate(t.body, values), t.footer].filter((x): x is string => !!x && !!x.trim()).join('\n\n');
}

/** The error of the whole form (the filled-in body too long), or null. */
export function bodyError(t: Pick<MessageTemplate, 'body'>, values: readonly string[]): string | null {
  const length = [...fillTemplate(t.body, values)].length;
  return length > TEMPLATE_BODY_MAX ? `Filled in, the text is ${length} characters; WhatsApp takes at most ${TEMPLATE_BODY_MAX}` : null;
}

/**
 * The server's BAD_USER_INPUT field errors by field (`variables` as a whole, `variables.N` for
 * {{N}}, `templateName`); empty for other errors.
 */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof GraphqlRequestError)) return {};
  const list = error.errors[0]?.extensions?.['fieldErrors'];
  const out: Record<string, string> = {};
  if (Array.isArray(list)) {
    for (const e of list as Array<{ field?: unknown; message?: unknown }>) {
      if (typeof e?.field === 'string' && typeof e.message === 'string' && !out[e.field]) out[e.field] = e.message;
    }
  }
  return out;
}
