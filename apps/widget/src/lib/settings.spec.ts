import { checkDraft } from './draft';
import { contrastText, DEFAULT_SETTINGS, isSafeColor, normalizeSettings } from './settings';

describe('settings', () => {
  it('falls back to defaults for missing or bad fields', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings('nope')).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ title: '  ', color: 'red;background:url(x)', position: 'middle', inputPlaceholder: 3 })).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ title: ' Acme ', color: '#0F0', position: 'left', welcomeMessage: '' })).toMatchObject({
      title: 'Acme',
      color: '#0F0',
      position: 'left',
      welcomeMessage: '',
    });
    expect(normalizeSettings({ title: 'x'.repeat(500) }).title).toHaveLength(200);
  });

  it('accepts only plain colours', () => {
    for (const ok of ['#fff', '#a1b2c3', '#a1b2c3ff', 'rgb(1, 2, 3)', 'hsl(200 50% 40%)', 'teal']) expect(isSafeColor(ok)).toBe(true);
    for (const bad of ['', 'expression(alert(1))', 'red;x:y', '#12', 'url(x)', 'var(--a)', 5, null]) expect(isSafeColor(bad)).toBe(false);
  });

  it('picks readable text on the accent colour', () => {
    expect(contrastText('#000000')).toBe('#ffffff');
    expect(contrastText('#2563eb')).toBe('#ffffff');
    expect(contrastText('#ffff00')).toBe('#111111');
    expect(contrastText('#fff')).toBe('#111111');
    expect(contrastText('teal')).toBe('#ffffff');
  });
});

describe('checkDraft', () => {
  it('blocks empty and whitespace-only text without nagging', () => {
    expect(checkDraft('')).toEqual({ body: '', canSend: false, error: '', counter: '', over: 0, max: 4000 });
    expect(checkDraft('  \n\t ')).toMatchObject({ canSend: false, error: '' });
    expect(checkDraft(undefined)).toMatchObject({ canSend: false });
  });

  it('trims, shows a counter near the limit and an error over it', () => {
    expect(checkDraft('  hi \n')).toMatchObject({ body: 'hi', canSend: true, counter: '' });
    expect(checkDraft('a'.repeat(3600))).toMatchObject({ canSend: true, counter: '3600 / 4000', error: '' });
    expect(checkDraft('a'.repeat(4000))).toMatchObject({ canSend: true });
    const over = checkDraft('a'.repeat(4001));
    expect(over.canSend).toBe(false);
    expect(over.counter).toBe('4001 / 4000');
    expect(over.error).toMatch(/too long/);
  });
});
