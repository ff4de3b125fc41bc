import type { GraphTemplate } from './graph-api.client';

/** An approved template as Parley keeps it (one row of `whatsapp_templates`). */
export interface WhatsappTemplate {
  name: string;
  language: string;
  category: string;
  /** A header's fixed text, when the template has one. */
  header: string | null;
  /** The body with its positional placeholders {{1}}, {{2}} … */
  body: string;
  footer: string | null;
  /** How many variables the body has ({{1}} … {{n}}). */
  variableCount: number;
}

/** Meta's limit on a template body, its own words and the filled-in variables together. */
export const TEMPLATE_BODY_MAX = 1024;
/** The longest text one variable takes (Parley's limit; the body's 1024 counts as well). */
export const TEMPLATE_VARIABLE_MAX = 900;
/** More variables than any template can have: a request with more is refused as a whole. */
export const TEMPLATE_VARIABLES_MAX = 100;

const PLACEHOLDER = /\{\{\s*(\d{1,3})\s*\}\}/g;
const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/;

type Component = { type?: unknown; format?: unknown; text?: unknown; buttons?: unknown };

/**
 * What sync keeps of one listed template: null for the ones that are not approved (left out
 * silently), `skipped` with the reason for approved ones Parley cannot fill — named variables, a
 * header that needs a file or a value, a button that needs a value — since sending those without
 * their parameters fails at Meta every time.
 */
export function readTemplate(t: GraphTemplate): { template: WhatsappTemplate } | { skipped: string; name: string; language: string } | null {
  if (t.status !== 'APPROVED') return null;
  const name = typeof t.name === 'string' ? t.name : '';
  const language = typeof t.language === 'string' ? t.language : '';
  if (!NAME.test(name) || !LANGUAGE.test(language)) return { skipped: 'its name or language is not one WhatsApp uses', name: name.slice(0, 100), language: language.slice(0, 20) };
  const skip = (why: string) => ({ skipped: why, name, language });
  if (t.parameter_format === 'NAMED') return skip('it has named variables; Parley fills positional ones ({{1}}, {{2}} …)');
  const components: Component[] = Array.isArray(t.components) ? (t.components as Component[]).filter((c) => c && typeof c === 'object') : [];
  const of = (type: string) => components.find((c) => String(c.type ?? '').toUpperCase() === type);
  const bodyC = of('BODY');
  const body = typeof bodyC?.text === 'string' ? bodyC.text : '';
  if (!body.trim()) return skip('it has no body text');
  if ([...body].length > TEMPLATE_BODY_MAX) return skip(`its body is longer than ${TEMPLATE_BODY_MAX} characters`);
  const headerC = of('HEADER');
  let header: string | null = null;
  if (headerC) {
    const format = String(headerC.format ?? 'TEXT').toUpperCase();
    if (format !== 'TEXT') return skip(`its ${format.toLowerCase()} header needs a file to send`);
    header = typeof headerC.text === 'string' && headerC.text.trim() ? headerC.text.trim() : null;
    if (header && new RegExp(PLACEHOLDER.source).test(header)) return skip('its header has a variable');
  }
  const footerC = of('FOOTER');
  const footer = typeof footerC?.text === 'string' && footerC.text.trim() ? footerC.text.trim() : null;
  const buttons = Array.isArray(of('BUTTONS')?.buttons) ? (of('BUTTONS')?.buttons as Array<{ type?: unknown; url?: unknown }>) : [];
  for (const b of buttons) {
    const type = String(b?.type ?? '').toUpperCase();
    if (type === 'URL' && typeof b.url === 'string' && new RegExp(PLACEHOLDER.source).test(b.url)) return skip('a button of it has a variable');
    if (!['QUICK_REPLY', 'URL', 'PHONE_NUMBER'].includes(type)) return skip(`its ${type.toLowerCase().replace(/_/g, ' ') || 'unknown'} button needs a value`);
  }
  const numbers = [...body.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
  const variableCount = numbers.length ? Math.max(...numbers) : 0;
  if (variableCount > TEMPLATE_VARIABLES_MAX) return skip('it has too many variables');
  for (let i = 1; i <= variableCount; i++) if (!numbers.includes(i)) return skip(`its variables are not numbered 1 to ${variableCount}`);
  const category = typeof t.category === 'string' ? t.category.slice(0, 40) : '';
  return { template: { name, language, category, header, body, footer, variableCount } };
}

/** A field at fault: `variables` as a whole, or `variables.N` for the value of {{N}}. */
export interface TemplateFieldError {
  field: string;
  message: string;
}

/**
 * Why these values cannot go into the template: WhatsApp refuses a variable with a line break, a
 * tab or more than four spaces in a row (132018), and an empty one; the filled-in body must stay
 * within 1024 characters. The web composer checks the same before sending.
 */
export function templateVariableErrors(t: Pick<WhatsappTemplate, 'body' | 'variableCount' | 'name'>, variables: unknown): TemplateFieldError[] {
  if (!Array.isArray(variables) || variables.length > TEMPLATE_VARIABLES_MAX) return [{ field: 'variables', message: 'variables must be a list of texts' }];
  if (variables.length !== t.variableCount) {
    return [{ field: 'variables', message: `The template "${t.name}" has ${t.variableCount} variable${t.variableCount === 1 ? '' : 's'}; ${variables.length} given` }];
  }
  const errors: TemplateFieldError[] = [];
  variables.forEach((v, i) => {
    const field = `variables.${i + 1}`;
    if (typeof v !== 'string') errors.push({ field, message: 'Must be text' });
    else if (!v.trim()) errors.push({ field, message: 'Required' });
    else if (/[\r\n]/.test(v)) errors.push({ field, message: 'One line only: WhatsApp does not allow line breaks in a variable' });
    else if (/\t/.test(v)) errors.push({ field, message: 'No tabs: WhatsApp does not allow them in a variable' });
    else if (/ {5,}/.test(v.trim())) errors.push({ field, message: 'At most 4 spaces in a row' });
    else if ([...v.trim()].length > TEMPLATE_VARIABLE_MAX) errors.push({ field, message: `At most ${TEMPLATE_VARIABLE_MAX} characters` });
  });
  if (!errors.length) {
    const length = [...fillTemplate(t.body, variables as string[])].length;
    if (length > TEMPLATE_BODY_MAX) errors.push({ field: 'variables', message: `Filled in, the text is ${length} characters; WhatsApp takes at most ${TEMPLATE_BODY_MAX}` });
  }
  return errors;
}

/** The body with {{N}} replaced by the N-th value (trimmed). */
export function fillTemplate(body: string, variables: readonly string[]): string {
  return body.replace(PLACEHOLDER, (all, n: string) => {
    const v = variables[Number(n) - 1];
    return typeof v === 'string' ? v.trim() : all;
  });
}

/** What the client gets, as the thread shows it: header, filled-in body and footer. */
export function templateMessageText(t: Pick<WhatsappTemplate, 'header' | 'body' | 'footer'>, variables: readonly string[]): string {
  return [t.header, fillTemplate(t.body, variables), t.footer].filter((x): x is string => !!x && !!x.trim()).join('\n\n');
}

/** The `template` object of a Graph API message: the body's values as text parameters, in order. */
export function templatePayload(name: string, language: string, variables: readonly string[]): Record<string, unknown> {
  return {
    name,
    language: { code: language },
    ...(variables.length ? { components: [{ type: 'body', parameters: variables.map((text) => ({ type: 'text', text: text.trim() })) }] } : {}),
  };
}
