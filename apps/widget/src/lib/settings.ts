/** Widget settings: defaults shown before `welcome`, and normalisation of what the server sends. */
import type { WidgetSettings } from '@parley/shared/contracts';

export const DEFAULT_SETTINGS: WidgetSettings = {
  channelName: 'Chat',
  title: 'Chat with us',
  welcomeMessage: 'Hi! How can we help you today?',
  inputPlaceholder: 'Type your message…',
  color: '#2563eb',
  position: 'right',
};

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNC = /^(?:rgb|rgba|hsl|hsla)\([0-9\s.,%/+-]+\)$/i;
const NAMED = /^[a-z]{3,30}$/i;

/** A colour the widget accepts (the DOM layer additionally checks CSS.supports). */
export function isSafeColor(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && (HEX.test(value) || FUNC.test(value) || NAMED.test(value));
}

function text(value: unknown, fallback: string, max: number): string {
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : fallback;
}

/** Merges untrusted settings over the defaults field by field; never throws. */
export function normalizeSettings(input: unknown, base: WidgetSettings = DEFAULT_SETTINGS): WidgetSettings {
  const s = (input && typeof input === 'object' ? input : {}) as Partial<Record<keyof WidgetSettings, unknown>>;
  return {
    channelName: text(s.channelName, base.channelName, 200),
    title: text(s.title, base.title, 200),
    // An empty welcome message is a valid choice: it hides the welcome bubble.
    welcomeMessage:
      typeof s.welcomeMessage === 'string' ? s.welcomeMessage.trim().slice(0, 2000) : base.welcomeMessage,
    inputPlaceholder: text(s.inputPlaceholder, base.inputPlaceholder, 200),
    color: isSafeColor(s.color) ? s.color.trim() : base.color,
    position: s.position === 'left' || s.position === 'right' ? s.position : base.position,
  };
}

/** Black or white text for a background colour (hex only; anything else gets white). */
export function contrastText(color: string): string {
  const m = HEX.exec(color) ? color.slice(1) : null;
  if (!m) return '#ffffff';
  const full = m.length <= 4 ? m.slice(0, 3).split('').map((c) => c + c).join('') : m.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs with near-black (#111 ≈ 0.0056).
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.0556) ? '#ffffff' : '#111111';
}
