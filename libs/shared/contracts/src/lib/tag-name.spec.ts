import { normalizeTagName, TAG_NAME_MAX, tagNameError } from './tag-name';

describe('tag names', () => {
  it('trims and collapses whitespace', () => {
    expect(normalizeTagName('  web   chat\tlead ')).toBe('web chat lead');
    expect(normalizeTagName(42)).toBe('');
  });

  it('refuses empty and over-long names, counting characters not UTF-16 units', () => {
    expect(tagNameError('')).toBe('Enter a tag name');
    expect(tagNameError('x'.repeat(TAG_NAME_MAX))).toBeNull();
    expect(tagNameError('x'.repeat(TAG_NAME_MAX + 1))).toMatch(/at most 40/);
    expect(tagNameError('😀'.repeat(TAG_NAME_MAX))).toBeNull();
  });
});
