import {
  DEFAULT_DISPLAY_RULES,
  DEFAULT_PRECHAT,
  DisplayRules,
  PRECHAT_FIELDS,
  PreChatSettings,
  validateDisplayRules,
  LAUNCHER_ICONS,
  LAUNCHER_SHAPES,
  LauncherIcon,
  LauncherShape,
  normalizeTagName,
  tagNameError,
  WEBCHAT_COLOR_PATTERN,
  WEBCHAT_LANGUAGES,
  WEBCHAT_LIMITS,
  WEBCHAT_SETTINGS_VERSION,
  WIDGET_POSITIONS,
  WidgetColors,
  WidgetPosition,
  WidgetSettings,
  WidgetTexts,
} from '@parley/shared/contracts';

/** What `channels.settings` holds for a web chat channel (version 1). */
export interface WebchatSettingsData {
  version: number;
  /** SPEC C9: the bot runs `botScenarioId` on new conversations. */
  botEnabled: boolean;
  /** SPEC D2: the workspace's bot scenario the bot runs; null when none was chosen. */
  botScenarioId: string | null;
  companyName: string;
  avatarUrl: string;
  defaultLanguage: string;
  texts: Record<string, WidgetTexts>;
  inputPlaceholder: string;
  colors: WidgetColors;
  radius: number;
  launcherIcon: LauncherIcon;
  launcherShape: LauncherShape;
  hideLauncher: boolean;
  position: WidgetPosition;
  showOperatorIdentity: boolean;
  /** Pre-chat form (SPEC C3). */
  preChat: PreChatSettings;
  /** Display rules (SPEC C4). */
  displayRules: DisplayRules;
  /** SPEC C6: what every contact this chat acquires gets. */
  acquisition: ContactAcquisitionSettings;
}

/** SPEC C6 as stored: the tag (catalog id and the name the admin typed) and the owner. */
export interface ContactAcquisitionSettings {
  tagId: string | null;
  /** '' = no tag. */
  tagName: string;
  ownerId: string | null;
}

/** SPEC C6 as the admin sends it: a tag name ('' for none) and an operator id (null for none). */
export interface ContactAcquisitionPatch {
  tag: string;
  ownerId: string | null;
}

/** The editable part, as the admin sends it (texts as a list, one entry per language). */
export type WebchatSettingsPatch = Omit<WebchatSettingsData, 'version' | 'texts' | 'preChat' | 'displayRules' | 'acquisition' | 'botScenarioId'> & {
  /** Omitted: none (the bot then cannot be on). Checked against the workspace's scenarios by the service. */
  botScenarioId?: string | null;
  texts: Array<{ language: string } & WidgetTexts>;
  /** Omitted: the stored pre-chat settings stay as they are. */
  preChat?: PreChatSettings | null;
  /** Omitted: the stored display rules stay as they are. */
  displayRules?: DisplayRules | null;
  /** Omitted: the stored acquisition settings stay as they are. */
  acquisition?: ContactAcquisitionPatch | null;
};

export interface FieldError {
  /** Path of the input field, e.g. `colors.header` or `texts.1.welcome`. */
  field: string;
  message: string;
}

const DEFAULT_COLOR = '#3b5bdb';
export const DEFAULT_WELCOME = 'Hi! How can we help you today?';
export const DEFAULT_HEADER = 'We usually reply within a few minutes';
const LANGS: readonly string[] = WEBCHAT_LANGUAGES;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback: string, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : fallback);
const color = (v: unknown, fallback: string): string => (typeof v === 'string' && WEBCHAT_COLOR_PATTERN.test(v) ? v.toLowerCase() : fallback);
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T => (typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback);
const httpsUrl = (v: unknown): string => (typeof v === 'string' && isHttpsUrl(v.trim()) ? v.trim() : '');

export function isHttpsUrl(v: string): boolean {
  if (v.length > WEBCHAT_LIMITS.avatarUrl) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

/**
 * Any stored jsonb (older shapes included: `title`, `welcomeMessage`, `color`) read as the current
 * version, with safe defaults for anything missing or malformed.
 */
export function readWebchatSettings(stored: unknown): WebchatSettingsData {
  const s = isObj(stored) ? stored : {};
  const legacyColor = color(s['color'], DEFAULT_COLOR);
  const c = isObj(s['colors']) ? s['colors'] : {};
  const texts: Record<string, WidgetTexts> = {};
  if (isObj(s['texts'])) {
    for (const [lang, t] of Object.entries(s['texts'])) {
      if (!LANGS.includes(lang) || !isObj(t)) continue;
      texts[lang] = { header: str(t['header'], '', WEBCHAT_LIMITS.header), welcome: str(t['welcome'], '', WEBCHAT_LIMITS.welcome) };
    }
  }
  let defaultLanguage = oneOf(s['defaultLanguage'], LANGS, 'en');
  if (!texts[defaultLanguage]) {
    const first = Object.keys(texts)[0];
    if (first) defaultLanguage = first;
    else {
      const legacy = typeof s['welcomeMessage'] === 'string' && s['welcomeMessage'].trim() ? s['welcomeMessage'] : DEFAULT_WELCOME;
      texts[defaultLanguage] = { header: DEFAULT_HEADER, welcome: str(legacy, DEFAULT_WELCOME, WEBCHAT_LIMITS.welcome) };
    }
  }
  const radius = typeof s['radius'] === 'number' && Number.isInteger(s['radius']) && s['radius'] >= WEBCHAT_LIMITS.radiusMin && s['radius'] <= WEBCHAT_LIMITS.radiusMax ? s['radius'] : 14;
  return {
    version: WEBCHAT_SETTINGS_VERSION,
    botEnabled: s['botEnabled'] === true,
    botScenarioId: typeof s['botScenarioId'] === 'string' && s['botScenarioId'].length <= 64 ? s['botScenarioId'] : null,
    companyName: str(s['companyName'] ?? s['title'], '', WEBCHAT_LIMITS.companyName),
    avatarUrl: httpsUrl(s['avatarUrl']),
    defaultLanguage,
    texts,
    inputPlaceholder: str(s['inputPlaceholder'], 'Type your message…', WEBCHAT_LIMITS.inputPlaceholder) || 'Type your message…',
    colors: {
      header: color(c['header'], legacyColor),
      launcher: color(c['launcher'], legacyColor),
      operatorBubble: color(c['operatorBubble'], '#ffffff'),
      visitorBubble: color(c['visitorBubble'], legacyColor),
      text: color(c['text'], '#1f2937'),
    },
    radius,
    launcherIcon: oneOf(s['launcherIcon'], LAUNCHER_ICONS, 'chat'),
    launcherShape: oneOf(s['launcherShape'], LAUNCHER_SHAPES, 'circle'),
    hideLauncher: s['hideLauncher'] === true,
    position: oneOf(s['position'], WIDGET_POSITIONS, 'right'),
    showOperatorIdentity: s['showOperatorIdentity'] === true,
    preChat: readPreChat(s['preChat']),
    displayRules: readDisplayRules(s['displayRules']),
    acquisition: readAcquisition(s['acquisition']),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stored acquisition settings; anything malformed reads as "nothing to apply". */
export function readAcquisition(v: unknown): ContactAcquisitionSettings {
  if (!isObj(v)) return { tagId: null, tagName: '', ownerId: null };
  const tagName = typeof v['tagName'] === 'string' ? normalizeTagName(v['tagName']) : '';
  const tagId = typeof v['tagId'] === 'string' && UUID.test(v['tagId']) && tagName ? v['tagId'] : null;
  return { tagId, tagName: tagId ? tagName : '', ownerId: typeof v['ownerId'] === 'string' && UUID.test(v['ownerId']) ? v['ownerId'] : null };
}

/** Problems of the acquisition settings an admin sent (the owner's existence is checked by the service). */
export function validateAcquisition(v: unknown): FieldError[] {
  if (!isObj(v)) return [{ field: 'acquisition', message: 'Must be an object' }];
  const errors: FieldError[] = [];
  if (typeof v['tag'] !== 'string') errors.push({ field: 'acquisition.tag', message: 'Must be text' });
  else if (v['tag'].trim()) {
    const error = tagNameError(normalizeTagName(v['tag']));
    if (error) errors.push({ field: 'acquisition.tag', message: error });
  }
  const owner = v['ownerId'];
  if (owner !== null && owner !== undefined && owner !== '' && (typeof owner !== 'string' || !UUID.test(owner))) {
    errors.push({ field: 'acquisition.ownerId', message: 'Choose an operator of this workspace' });
  }
  return errors;
}

/** Stored pre-chat settings, unknown or repeated fields dropped. */
export function readPreChat(v: unknown): PreChatSettings {
  if (!isObj(v)) return { ...DEFAULT_PRECHAT, fields: [] };
  const seen = new Set<string>();
  const fields = (Array.isArray(v['fields']) ? v['fields'] : [])
    .filter((f): f is Record<string, unknown> => isObj(f) && (PRECHAT_FIELDS as readonly unknown[]).includes(f['field']) && !seen.has(f['field'] as string) && !!seen.add(f['field'] as string))
    .map((f) => ({ field: f['field'] as PreChatSettings['fields'][number]['field'], required: f['required'] === true }));
  return { enabled: v['enabled'] === true, fields, skipKnownContacts: v['skipKnownContacts'] !== false };
}

/** Stored display rules; anything that no longer validates falls back to "always show". */
export function readDisplayRules(v: unknown): DisplayRules {
  if (!isObj(v) || validateDisplayRules(v).length) return { ...DEFAULT_DISPLAY_RULES, rules: [] };
  const r = v as unknown as DisplayRules;
  return {
    hideOnMobile: r.hideOnMobile,
    defaultAction: r.defaultAction,
    rules: r.rules.map((x) => ({
      domains: x.domains.map((d) => d.toLowerCase()),
      urlContains: x.urlContains.trim(),
      urlNotContains: x.urlNotContains.trim(),
      urlPattern: x.urlPattern.trim(),
      countries: [...x.countries],
      action: x.action,
      teaserText: x.teaserText.trim(),
      openAfterSeconds: x.openAfterSeconds,
    })),
  };
}

/** Problems of the pre-chat settings an admin sent. */
export function validatePreChat(v: unknown): FieldError[] {
  if (!isObj(v)) return [{ field: 'preChat', message: 'Must be an object' }];
  const errors: FieldError[] = [];
  if (typeof v['enabled'] !== 'boolean') errors.push({ field: 'preChat.enabled', message: 'Must be true or false' });
  if (typeof v['skipKnownContacts'] !== 'boolean') errors.push({ field: 'preChat.skipKnownContacts', message: 'Must be true or false' });
  const fields = v['fields'];
  if (!Array.isArray(fields)) return [...errors, { field: 'preChat.fields', message: 'Must be a list' }];
  const seen = new Set<string>();
  fields.forEach((f: unknown, i) => {
    if (!isObj(f) || !(PRECHAT_FIELDS as readonly unknown[]).includes(f['field'])) {
      errors.push({ field: `preChat.fields.${i}.field`, message: `One of: ${PRECHAT_FIELDS.join(', ')}` });
      return;
    }
    if (seen.has(f['field'] as string)) errors.push({ field: `preChat.fields.${i}.field`, message: `"${f['field']}" is listed twice` });
    seen.add(f['field'] as string);
    if (typeof f['required'] !== 'boolean') errors.push({ field: `preChat.fields.${i}.required`, message: 'Must be true or false' });
  });
  if (v['enabled'] === true && fields.length === 0) errors.push({ field: 'preChat.fields', message: 'Choose at least one field, or switch the form off' });
  return errors;
}

/**
 * Checks what an admin sent, field by field. Returns every problem (empty when valid); nothing is
 * silently cut or fixed, so the admin sees exactly what to change.
 */
export function validateWebchatPatch(p: WebchatSettingsPatch & { name?: string }): FieldError[] {
  const errors: FieldError[] = [];
  const text = (field: string, v: unknown, max: number, required = false) => {
    if (typeof v !== 'string') return errors.push({ field, message: 'Must be text' });
    if (required && !v.trim()) return errors.push({ field, message: 'Required' });
    if (v.length > max) errors.push({ field, message: `At most ${max} characters` });
    return undefined;
  };
  if (p.name !== undefined) text('name', p.name, WEBCHAT_LIMITS.channelName, true);
  if (typeof p.botEnabled !== 'boolean') errors.push({ field: 'botEnabled', message: 'Must be true or false' });
  if (p.botScenarioId !== undefined && p.botScenarioId !== null && typeof p.botScenarioId !== 'string') errors.push({ field: 'botScenarioId', message: 'Must be a scenario id' });
  text('companyName', p.companyName, WEBCHAT_LIMITS.companyName);
  text('inputPlaceholder', p.inputPlaceholder, WEBCHAT_LIMITS.inputPlaceholder);
  if (typeof p.avatarUrl !== 'string') errors.push({ field: 'avatarUrl', message: 'Must be text' });
  else if (p.avatarUrl.trim() && !isHttpsUrl(p.avatarUrl.trim())) {
    errors.push({ field: 'avatarUrl', message: `Must be an https:// address of at most ${WEBCHAT_LIMITS.avatarUrl} characters, or empty` });
  }
  for (const key of ['header', 'launcher', 'operatorBubble', 'visitorBubble', 'text'] as const) {
    const v = p.colors?.[key];
    if (typeof v !== 'string' || !WEBCHAT_COLOR_PATTERN.test(v)) errors.push({ field: `colors.${key}`, message: 'Use a colour like #1a2b3c or #abc' });
  }
  if (!Number.isInteger(p.radius) || p.radius < WEBCHAT_LIMITS.radiusMin || p.radius > WEBCHAT_LIMITS.radiusMax) {
    errors.push({ field: 'radius', message: `A whole number of pixels from ${WEBCHAT_LIMITS.radiusMin} to ${WEBCHAT_LIMITS.radiusMax}` });
  }
  if (!(LAUNCHER_ICONS as readonly string[]).includes(p.launcherIcon)) errors.push({ field: 'launcherIcon', message: `One of: ${LAUNCHER_ICONS.join(', ')}` });
  if (!(LAUNCHER_SHAPES as readonly string[]).includes(p.launcherShape)) errors.push({ field: 'launcherShape', message: `One of: ${LAUNCHER_SHAPES.join(', ')}` });
  if (!(WIDGET_POSITIONS as readonly string[]).includes(p.position)) errors.push({ field: 'position', message: 'left or right' });
  const texts = Array.isArray(p.texts) ? p.texts : [];
  if (texts.length === 0) errors.push({ field: 'texts', message: 'Add the texts of at least one language' });
  if (texts.length > WEBCHAT_LIMITS.maxLanguages) errors.push({ field: 'texts', message: `At most ${WEBCHAT_LIMITS.maxLanguages} languages` });
  const seen = new Set<string>();
  texts.forEach((t, i) => {
    if (!LANGS.includes(t.language)) errors.push({ field: `texts.${i}.language`, message: `Unknown language code "${String(t.language).slice(0, 20)}"` });
    else if (seen.has(t.language)) errors.push({ field: `texts.${i}.language`, message: `"${t.language}" is listed twice` });
    seen.add(t.language);
    text(`texts.${i}.header`, t.header, WEBCHAT_LIMITS.header);
    text(`texts.${i}.welcome`, t.welcome, WEBCHAT_LIMITS.welcome);
  });
  if (p.preChat !== undefined && p.preChat !== null) errors.push(...validatePreChat(p.preChat));
  if (p.displayRules !== undefined && p.displayRules !== null) errors.push(...validateDisplayRules(p.displayRules));
  if (p.acquisition !== undefined && p.acquisition !== null) errors.push(...validateAcquisition(p.acquisition));
  if (!LANGS.includes(p.defaultLanguage)) errors.push({ field: 'defaultLanguage', message: `Unknown language code "${String(p.defaultLanguage).slice(0, 20)}"` });
  else if (texts.length && !seen.has(p.defaultLanguage)) errors.push({ field: 'defaultLanguage', message: 'The default language needs its texts' });
  return errors;
}

/**
 * The stored form of a valid patch; pre-chat, display rules and acquisition omitted from the patch
 * keep `previous`. A sent acquisition is resolved by the service (tag id) and passed as `acquisition`.
 */
export function toStoredSettings(p: WebchatSettingsPatch, previous?: WebchatSettingsData, acquisition?: ContactAcquisitionSettings): WebchatSettingsData {
  const texts: Record<string, WidgetTexts> = {};
  for (const t of p.texts) texts[t.language] = { header: t.header.trim(), welcome: t.welcome.trim() };
  return {
    version: WEBCHAT_SETTINGS_VERSION,
    botEnabled: p.botEnabled,
    botScenarioId: p.botScenarioId ?? null,
    companyName: p.companyName.trim(),
    avatarUrl: p.avatarUrl.trim(),
    defaultLanguage: p.defaultLanguage,
    texts,
    inputPlaceholder: p.inputPlaceholder.trim(),
    colors: {
      header: p.colors.header.toLowerCase(),
      launcher: p.colors.launcher.toLowerCase(),
      operatorBubble: p.colors.operatorBubble.toLowerCase(),
      visitorBubble: p.colors.visitorBubble.toLowerCase(),
      text: p.colors.text.toLowerCase(),
    },
    radius: p.radius,
    launcherIcon: p.launcherIcon,
    launcherShape: p.launcherShape,
    hideLauncher: p.hideLauncher,
    position: p.position,
    showOperatorIdentity: p.showOperatorIdentity,
    preChat: p.preChat ? readPreChat(p.preChat) : (previous?.preChat ?? readPreChat(null)),
    displayRules: p.displayRules ? readDisplayRules(p.displayRules) : (previous?.displayRules ?? readDisplayRules(null)),
    acquisition: acquisition ?? previous?.acquisition ?? readAcquisition(null),
  };
}

/** The widget's settings from a channel's stored settings, with safe defaults for anything missing or malformed. */
export function widgetSettings(channelName: string, stored: unknown): WidgetSettings {
  const s = readWebchatSettings(stored);
  const main = s.texts[s.defaultLanguage] ?? { header: DEFAULT_HEADER, welcome: DEFAULT_WELCOME };
  return {
    channelName,
    title: s.companyName || channelName,
    welcomeMessage: main.welcome,
    inputPlaceholder: s.inputPlaceholder,
    color: s.colors.header,
    position: s.position,
    avatarUrl: s.avatarUrl,
    texts: s.texts,
    defaultLanguage: s.defaultLanguage,
    colors: s.colors,
    radius: s.radius,
    launcherIcon: s.launcherIcon,
    launcherShape: s.launcherShape,
    hideLauncher: s.hideLauncher,
    showOperatorIdentity: s.showOperatorIdentity,
    preChat: s.preChat,
    displayRules: s.displayRules,
    bot: s.botEnabled && !!s.botScenarioId,
  };
}
