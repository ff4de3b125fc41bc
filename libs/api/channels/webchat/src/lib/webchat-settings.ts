import { WidgetSettings } from '@parley/shared/contracts';

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** The widget's settings from a channel's stored settings, with safe defaults for anything missing or malformed. */
export function widgetSettings(channelName: string, stored: Record<string, unknown>): WidgetSettings {
  const str = (k: string, fallback: string, max = 500) => {
    const v = stored[k];
    return typeof v === 'string' && v.trim() ? v.slice(0, max) : fallback;
  };
  const color = str('color', '#3b5bdb');
  return {
    channelName,
    title: str('title', channelName, 100),
    welcomeMessage: str('welcomeMessage', 'Hi! How can we help you today?'),
    inputPlaceholder: str('inputPlaceholder', 'Type your message…', 100),
    color: HEX.test(color) ? color : '#3b5bdb',
    position: stored['position'] === 'left' ? 'left' : 'right',
  };
}
