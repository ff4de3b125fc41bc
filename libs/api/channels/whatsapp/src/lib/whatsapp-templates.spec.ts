import { fillTemplate, readTemplate, templateMessageText, templatePayload, templateVariableErrors } from './whatsapp-templates';

const body = (text: string) => ({ type: 'BODY', text });

describe('WhatsApp templates', () => {
  it('keeps approved templates with positional body variables, counting them; leaves out the others or names why it cannot fill them', () => {
    expect(readTemplate({ name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: ' Your order ' }, body('Hi {{1}}, order {{2}} — {{1}} again'), { type: 'FOOTER', text: 'Shop' }] })).toEqual({
      template: { name: 'order_update', language: 'en_US', category: 'UTILITY', header: 'Your order', body: 'Hi {{1}}, order {{2}} — {{1}} again', footer: 'Shop', variableCount: 2 },
    });
    expect(readTemplate({ name: 'plain', language: 'pl', status: 'APPROVED', components: [body('No variables')] })).toMatchObject({ template: { variableCount: 0, header: null, footer: null, category: '' } });
    for (const status of ['PENDING', 'REJECTED', 'PAUSED', 'DISABLED', undefined]) expect(readTemplate({ name: 'x', language: 'en', status, components: [body('a')] })).toBeNull();
    const skipped = (components: unknown, extra: Record<string, unknown> = {}) => {
      const r = readTemplate({ name: 'x_1', language: 'en_US', status: 'APPROVED', components, ...extra });
      return r && 'skipped' in r ? r.skipped : null;
    };
    expect(skipped([{ type: 'HEADER', format: 'IMAGE' }, body('a')])).toBe('its image header needs a file to send');
    expect(skipped([{ type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' }, body('a')])).toBe('its header has a variable');
    expect(skipped([body('a {{1}} {{3}}')])).toBe('its variables are not numbered 1 to 3');
    expect(skipped([body('Hi {{name}}')], { parameter_format: 'NAMED' })).toMatch(/named variables/);
    expect(skipped([body('a'), { type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.test/{{1}}' }] }])).toBe('a button of it has a variable');
    expect(skipped([body('a'), { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE' }] }])).toBe('its copy code button needs a value');
    expect(skipped([{ type: 'FOOTER', text: 'f' }])).toBe('it has no body text');
    expect(skipped('not a list')).toBe('it has no body text');
    expect(skipped([body('x'.repeat(1025))])).toMatch(/longer than 1024/);
    expect(readTemplate({ name: 'Bad Name', language: 'en_US', status: 'APPROVED', components: [body('a')] })).toMatchObject({ skipped: expect.stringMatching(/name or language/) });
    // a URL button without a variable and quick replies are fine
    expect(readTemplate({ name: 'ok', language: 'en', status: 'APPROVED', components: [body('a'), { type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.test/' }, { type: 'QUICK_REPLY' }, { type: 'PHONE_NUMBER' }] }] })).toHaveProperty('template');
  });

  it('checks the values as WhatsApp takes them, naming the variable at fault', () => {
    const t = { name: 'order_update', body: 'Hi {{1}}, order {{2}}', variableCount: 2 };
    expect(templateVariableErrors(t, ['Kasia', '#1'])).toEqual([]);
    expect(templateVariableErrors(t, 'Kasia')).toEqual([{ field: 'variables', message: 'variables must be a list of texts' }]);
    expect(templateVariableErrors(t, ['Kasia'])).toEqual([{ field: 'variables', message: 'The template "order_update" has 2 variables; 1 given' }]);
    expect(templateVariableErrors(t, ['', 'a\nb'])).toEqual([
      { field: 'variables.1', message: 'Required' },
      { field: 'variables.2', message: 'One line only: WhatsApp does not allow line breaks in a variable' },
    ]);
    expect(templateVariableErrors(t, [3, 'a\tb']).map((e) => e.message)).toEqual(['Must be text', 'No tabs: WhatsApp does not allow them in a variable']);
    expect(templateVariableErrors(t, ['a     b', 'x'.repeat(901)]).map((e) => e.message)).toEqual(['At most 4 spaces in a row', 'At most 900 characters']);
    expect(templateVariableErrors(t, ['x'.repeat(600), 'y'.repeat(600)])).toEqual([{ field: 'variables', message: 'Filled in, the text is 1211 characters; WhatsApp takes at most 1024' }]);
  });

  it('fills the text the thread shows and builds the Graph API template object', () => {
    expect(fillTemplate('Hi {{1}}, order {{2}}; {{1}}!', [' Kasia ', '#1'])).toBe('Hi Kasia, order #1; Kasia!');
    expect(fillTemplate('Hi {{1}} {{2}}', ['a'])).toBe('Hi a {{2}}');
    expect(templateMessageText({ header: 'Head', body: 'Hi {{1}}', footer: null }, ['K'])).toBe('Head\n\nHi K');
    expect(templatePayload('order_update', 'en_US', ['Kasia ', '#1'])).toEqual({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kasia' }, { type: 'text', text: '#1' }] }] });
    expect(templatePayload('hello', 'pl', [])).toEqual({ name: 'hello', language: { code: 'pl' } });
  });
});
