import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { checkMessageBody, composerErrorText, shouldShowCounter } from './composer-validation';

describe('checkMessageBody', () => {
  it.each(['', '   ', '\n\n\t', null, undefined])('rejects an empty draft %p', (draft) => {
    expect(checkMessageBody(draft)).toEqual({ ok: false, error: 'empty' });
  });

  it('trims surrounding blank space and keeps inner newlines', () => {
    expect(checkMessageBody('  first line\n\nsecond  \n')).toEqual({ ok: true, body: 'first line\n\nsecond' });
  });

  it('accepts exactly the limit and rejects one character more', () => {
    expect(checkMessageBody('x'.repeat(MAX_MESSAGE_LENGTH)).ok).toBe(true);
    expect(checkMessageBody('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ ok: false, error: 'too_long' });
  });

  it('does not count surrounding spaces against the limit', () => {
    expect(checkMessageBody(`  ${'x'.repeat(MAX_MESSAGE_LENGTH)}  `).ok).toBe(true);
  });

  it('keeps markup as plain text', () => {
    expect(checkMessageBody('<img src=x onerror=alert(1)>')).toEqual({ ok: true, body: '<img src=x onerror=alert(1)>' });
  });

  it('honours a custom limit', () => {
    expect(checkMessageBody('abcd', 3)).toEqual({ ok: false, error: 'too_long' });
  });
});

describe('shouldShowCounter', () => {
  it('appears only near the limit', () => {
    expect(shouldShowCounter('x'.repeat(10), 100)).toBe(false);
    expect(shouldShowCounter('x'.repeat(89), 100)).toBe(false);
    expect(shouldShowCounter('x'.repeat(90), 100)).toBe(true);
    expect(shouldShowCounter('x'.repeat(120), 100)).toBe(true);
  });
});

describe('composerErrorText', () => {
  it('says how much to cut', () => {
    expect(composerErrorText('too_long', 4012, 4000)).toContain('by 12');
    expect(composerErrorText('empty', 0)).toBe('Write a message first.');
  });
});
