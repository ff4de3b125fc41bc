import { messageLength } from './limits';

describe('messageLength', () => {
  it('counts code points, so emoji and other astral characters count once', () => {
    expect(messageLength('abc')).toBe(3);
    expect(messageLength('😀😀')).toBe(2);
    expect(messageLength('')).toBe(0);
    expect(messageLength('żółć')).toBe(4);
  });
});
