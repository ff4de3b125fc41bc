/**
 * SPEC B3 routing of a web chat channel, stored under `channels.settings.routing`: the default
 * group, and page rules (the first rule whose text the page URL contains wins). The embed line's
 * `data-group` (a valid group of the workspace) comes before both.
 */
export interface PageRule {
  urlContains: string;
  groupId: string;
}

export interface WebchatRouting {
  defaultGroupId: string | null;
  pageRules: PageRule[];
}

export const MAX_PAGE_RULES = 50;
export const MAX_RULE_TEXT = 200;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored routing (any shape) read safely. */
export function readWebchatRouting(settings: unknown): WebchatRouting {
  const r = isObj(settings) && isObj(settings['routing']) ? settings['routing'] : {};
  const rules = Array.isArray(r['pageRules']) ? r['pageRules'] : [];
  return {
    defaultGroupId: typeof r['defaultGroupId'] === 'string' ? r['defaultGroupId'] : null,
    pageRules: rules
      .filter((x): x is Record<string, unknown> => isObj(x) && typeof x['urlContains'] === 'string' && typeof x['groupId'] === 'string')
      .slice(0, MAX_PAGE_RULES)
      .map((x) => ({ urlContains: x['urlContains'] as string, groupId: x['groupId'] as string })),
  };
}

/** Problems with what an admin sent (group existence is checked by the service). */
export function validateWebchatRouting(r: WebchatRouting): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  if (!Array.isArray(r.pageRules)) return [{ field: 'pageRules', message: 'Must be a list' }];
  if (r.pageRules.length > MAX_PAGE_RULES) errors.push({ field: 'pageRules', message: `At most ${MAX_PAGE_RULES} rules` });
  r.pageRules.forEach((rule, i) => {
    if (typeof rule.urlContains !== 'string' || !rule.urlContains.trim()) errors.push({ field: `pageRules.${i}.urlContains`, message: 'Required' });
    else if (rule.urlContains.length > MAX_RULE_TEXT) errors.push({ field: `pageRules.${i}.urlContains`, message: `At most ${MAX_RULE_TEXT} characters` });
    if (typeof rule.groupId !== 'string' || !rule.groupId) errors.push({ field: `pageRules.${i}.groupId`, message: 'Choose a group' });
  });
  return errors;
}

/**
 * The group a new chat goes to: `data-group` when it names a known group, else the first page
 * rule the URL matches (case-insensitive), else the default group. Unknown ids (a group deleted
 * since, another workspace's) are skipped.
 */
export function routeToGroup(routing: WebchatRouting, pageUrl: string | null, dataGroup: string | null, knownGroupIds: ReadonlySet<string>): string | null {
  if (dataGroup && knownGroupIds.has(dataGroup)) return dataGroup;
  const url = (pageUrl ?? '').toLowerCase();
  if (url) {
    for (const rule of routing.pageRules) {
      if (knownGroupIds.has(rule.groupId) && url.includes(rule.urlContains.trim().toLowerCase())) return rule.groupId;
    }
  }
  return routing.defaultGroupId && knownGroupIds.has(routing.defaultGroupId) ? routing.defaultGroupId : null;
}
