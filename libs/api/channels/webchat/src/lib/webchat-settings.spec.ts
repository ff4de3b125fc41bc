import { widgetSettings } from './webchat-settings';

describe('widgetSettings', () => {
  it('uses stored values', () => {
    expect(widgetSettings('Shop', { title: 'Demo Shop', color: '#112233', position: 'left', welcomeMessage: 'Hello' })).toEqual({
      channelName: 'Shop', title: 'Demo Shop', welcomeMessage: 'Hello', inputPlaceholder: 'Type your message…', color: '#112233', position: 'left',
    });
  });

  it('falls back on malformed values instead of passing them to the widget', () => {
    const s = widgetSettings('Shop', { color: 'red;background:url(x)', position: 'middle', title: 42, welcomeMessage: '   ' });
    expect(s.color).toBe('#3b5bdb');
    expect(s.position).toBe('right');
    expect(s.title).toBe('Shop');
    expect(s.welcomeMessage).toMatch(/help/);
  });
});
