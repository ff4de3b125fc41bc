import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { normalizeMessageBody, previewOf } from './message-body';

describe('normalizeMessageBody', () => {
  it('keeps text as written, HTML included (it is escaped where shown)', () => {
    expect(normalizeMessageBody('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(normalizeMessageBody('a\r\nb')).toBe('a\nb');
  });

  it.each([
    ['', 'EMPTY_MESSAGE'],
    ['   \n\t', 'EMPTY_MESSAGE'],
    ['\u0000', 'EMPTY_MESSAGE'],
    ['x'.repeat(MAX_MESSAGE_LENGTH + 1), 'MESSAGE_TOO_LONG'],
    [42, 'BAD_USER_INPUT'],
    [null, 'BAD_USER_INPUT'],
  ])('rejects %p with %s', (input, code) => {
    expect(() => normalizeMessageBody(input)).toThrow(expect.objectContaining({ code }));
  });

  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(normalizeMessageBody('😀'.repeat(MAX_MESSAGE_LENGTH))).toHaveLength(MAX_MESSAGE_LENGTH * 2);
  });

  it('strips NUL characters', () => {
    expect(normalizeMessageBody('a\u0000b')).toBe('ab');
  });
});

describe('previewOf', () => {
  it('folds whitespace and shortens long text', () => {
    expect(previewOf('  hello\n\nworld ')).toBe('hello world');
    expect(previewOf('y'.repeat(300))).toHaveLength(140);
  });
});
