import { findWidgetScript, isWidgetSrc, readChannelKey, resolveEndpoints, type ScriptLike } from './find-script';

const script = (src: string, attrs: Record<string, string> = {}): ScriptLike => ({
  src,
  getAttribute: (name) => (name in attrs ? attrs[name] : null),
});

describe('find-script', () => {
  it('recognises widget.js URLs, ignoring query and hash', () => {
    expect(isWidgetSrc('https://x.test/widget.js')).toBe(true);
    expect(isWidgetSrc('https://x.test/widget.js?v=3#a')).toBe(true);
    expect(isWidgetSrc('/widget.js')).toBe(true);
    expect(isWidgetSrc('https://x.test/mywidget.js')).toBe(false);
    expect(isWidgetSrc('https://x.test/widget.json')).toBe(false);
    expect(isWidgetSrc('')).toBe(false);
    expect(isWidgetSrc(null)).toBe(false);
  });

  it('prefers document.currentScript', () => {
    const current = script('https://cdn.test/parley.js', { 'data-channel': 'k' });
    expect(findWidgetScript(current, [script('https://a.test/widget.js', { 'data-channel': 'other' })])).toBe(current);
  });

  it('falls back to the last widget.js script, preferring one with data-channel', () => {
    const tagged = script('https://a.test/widget.js', { 'data-channel': 'k1' });
    const untagged = script('https://b.test/widget.js');
    expect(findWidgetScript(null, [script('https://a.test/app.js'), tagged, untagged])).toBe(tagged);
    expect(findWidgetScript(undefined, [untagged])).toBe(untagged);
    expect(findWidgetScript(null, [script('https://a.test/app.js'), script('')])).toBeNull();
    expect(findWidgetScript(null, [])).toBeNull();
  });

  it('reads and trims data-channel, rejecting empty or absurd keys', () => {
    expect(readChannelKey(script('/widget.js', { 'data-channel': '  demo-webchat ' }))).toBe('demo-webchat');
    expect(readChannelKey(script('/widget.js', { 'data-channel': '   ' }))).toBeNull();
    expect(readChannelKey(script('/widget.js', { 'data-channel': 'x'.repeat(201) }))).toBeNull();
    expect(readChannelKey(script('/widget.js'))).toBeNull();
    expect(readChannelKey(null)).toBeNull();
  });

  it('derives the API origin and socket URL from the script src', () => {
    expect(resolveEndpoints('https://chat.example.com/widget.js?v=1', 'https://shop.test/p')).toEqual({
      apiOrigin: 'https://chat.example.com',
      socketUrl: 'wss://chat.example.com/ws/visitor',
    });
    expect(resolveEndpoints('/widget.js', 'http://localhost:3200/demo/')).toEqual({
      apiOrigin: 'http://localhost:3200',
      socketUrl: 'ws://localhost:3200/ws/visitor',
    });
    expect(resolveEndpoints('//cdn.test:8443/widget.js', 'https://shop.test/')?.socketUrl).toBe('wss://cdn.test:8443/ws/visitor');
    expect(resolveEndpoints('data:text/javascript,1', 'https://shop.test/')).toBeNull();
    expect(resolveEndpoints('http://[bad', 'https://shop.test/')).toBeNull();
  });
});
