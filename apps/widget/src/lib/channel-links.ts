/**
 * SPEC A2, "Continue in Telegram": once the visitor has written (so Parley knows them as a
 * contact), the widget asks `POST /api/visitor/channel-links` (visitor token in a header, never
 * the URL) for a link per messenger channel of the workspace that makes them. Each link carries a
 * single-use code valid for 30 minutes: opened, the messenger's chat continues as this visitor's
 * contact. A workspace without such a channel answers no links and the widget shows nothing; a
 * refusal (not written yet, rate limit, network) shows nothing either, and is asked again later.
 */
import { VISITOR_TOKEN_HEADER } from '@parley/shared/contracts';
import { h } from './dom';
import { fill, type UiTexts } from './i18n';

export const VISITOR_CHANNEL_LINKS_PATH = '/api/visitor/channel-links';

export interface ChannelLink {
  kind: string;
  displayName: string;
  url: string;
  expiresAt: string;
}

export interface ChannelLinksDeps {
  apiOrigin: string;
  token(): string | null;
  onChange(links: readonly ChannelLink[]): void;
  fetch?: typeof fetch;
  now?: () => number;
}

/** How long after a refused or failed ask the widget asks again. */
const RETRY_MS = 60_000;

export class ChannelLinks {
  links: ChannelLink[] = [];
  private asking = false;
  private nextAskAt = 0;

  constructor(private readonly deps: ChannelLinksDeps) {}

  /** Asks once the visitor has a stored message, again when the links ran out; otherwise nothing. */
  async update(visitorHasWritten: boolean): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const token = this.deps.token();
    if (!visitorHasWritten || !token || this.asking || now < this.nextAskAt) return;
    if (this.links.length && this.links.some((l) => Date.parse(l.expiresAt) > now)) return;
    this.asking = true;
    try {
      const res = await (this.deps.fetch ?? fetch)(`${this.deps.apiOrigin}${VISITOR_CHANNEL_LINKS_PATH}`, { method: 'POST', headers: { [VISITOR_TOKEN_HEADER]: token } });
      const body = res.ok ? ((await res.json()) as { links?: unknown }) : null;
      this.links = Array.isArray(body?.links) ? body.links.filter(isLink).filter((l) => Date.parse(l.expiresAt) > now) : [];
      // a workspace without messenger channels is asked again only after the links' lifetime
      this.nextAskAt = res.ok ? now + (this.links.length ? 0 : 30 * 60_000) : now + RETRY_MS;
    } catch {
      this.links = [];
      this.nextAskAt = now + RETRY_MS;
    } finally {
      this.asking = false;
    }
    this.deps.onChange(this.links);
  }
}

function isLink(v: unknown): v is ChannelLink {
  const l = v as ChannelLink;
  return !!l && typeof l.displayName === 'string' && typeof l.expiresAt === 'string' && typeof l.url === 'string' && /^https:\/\//.test(l.url);
}

/** The links as anchors ("Continue in Telegram"), opened in a new tab; text through textContent only. */
export function renderChannelLinks(box: HTMLElement, links: readonly ChannelLink[], t: UiTexts): void {
  box.replaceChildren(
    ...links.map((l) => h('a', { class: 'channel-link', href: l.url, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'parley-channel-link' }, fill(t.continueIn, { app: l.displayName }))),
  );
  box.hidden = links.length === 0;
}
