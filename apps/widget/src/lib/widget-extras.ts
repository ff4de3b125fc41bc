/**
 * The widget's extras around the chat: the progressive pre-chat form (C3), display rules (C4,
 * evaluated here with the country the server resolved), the page view of this page (E8) and the
 * `ready` event of the public API.
 */
import { evaluateDisplayRules, rulesNeedCountry, type PreChatFieldSetting } from '@parley/shared/contracts';
import type { ChatSession } from './chat-session';
import type { PublicApi } from './public-api';
import type { WidgetView } from './widget-view';

/** Display rules that need the country wait at most this long for the server before deciding without it. */
const COUNTRY_WAIT_MS = 4000;

export function isMobileDevice(nav: Pick<Navigator, 'userAgent'> = navigator, win: Pick<Window, 'matchMedia' | 'screen'> = window): boolean {
  if (/Mobi|iPhone|iPod|Android.*Mobile|Windows Phone/i.test(nav.userAgent)) return true;
  try {
    return win.matchMedia('(pointer: coarse)').matches && Math.min(win.screen.width, win.screen.height) < 600;
  } catch {
    return false;
  }
}

export class WidgetExtras {
  private country: string | null = null;
  private countryKnown = false;
  private askFields: PreChatFieldSetting[] = [];
  private shownFields = '';
  private openTimer: ReturnType<typeof setTimeout> | null = null;
  private openScheduled = false;
  private decisionKey = '';

  constructor(
    private readonly session: ChatSession,
    private readonly view: WidgetView,
    private readonly api: PublicApi,
    private readonly open: () => void,
  ) {
    session.on('feature', (f) => {
      if (f.type === 'visitor') {
        this.country = f.country;
        this.countryKnown = true;
        this.askFields = f.askFields;
        this.update();
        this.api.emit('ready');
      } else if (f.type === 'contact_saved' || f.type === 'identified') {
        this.askFields = f.askFields;
        this.update();
      } else if (f.type === 'error') {
        if (f.frame === 'contact') this.view.setPreChatError(f.field ?? '', f.message);
        else if (typeof console !== 'undefined') console.warn(`[parley] ${f.frame}: ${f.code}${f.field ? ` (${f.field})` : ''} ${f.message}`);
      }
    });
  }

  /** Records this page view and makes the first display decision. */
  start(): void {
    if (this.view.mode !== 'page') {
      const scr = typeof screen !== 'undefined' ? { width: Math.round(screen.width), height: Math.round(screen.height) } : undefined;
      this.session.sendExtra({
        type: 'page',
        url: location.href.slice(0, 2000),
        title: document.title.slice(0, 300),
        referrer: document.referrer.slice(0, 2000),
        language: (navigator.language || '').slice(0, 35),
        ...(scr && scr.width > 0 ? { screen: scr } : {}),
      });
    }
    setTimeout(() => {
      this.countryKnown = true;
      this.update();
    }, COUNTRY_WAIT_MS);
    this.update();
  }

  /** Re-evaluates the pre-chat form and the display rules (after settings, country or conversation changed). */
  update(): void {
    // the form shows until the first message: afterwards the conversation exists
    const fields = this.session.store.conversationId || this.view.mode === 'preview' ? [] : this.askFields;
    // the consent box (C8) belongs to the form: a change of the channel's consent setting rebuilds it
    const key = JSON.stringify([fields, this.session.settings.marketingConsent ?? null]);
    if (key !== this.shownFields) {
      this.shownFields = key;
      this.view.setPreChat(fields);
    }
    if (this.view.mode !== 'embed') return;
    const rules = this.session.settings.displayRules;
    if (rulesNeedCountry(rules) && !this.countryKnown) {
      this.view.setVisible(false); // wait for the server's answer rather than flash the launcher
      return;
    }
    const d = evaluateDisplayRules(rules, { url: location.href, country: this.country, mobile: isMobileDevice() });
    const decisionKey = JSON.stringify(d);
    if (decisionKey === this.decisionKey) return;
    this.decisionKey = decisionKey;
    this.view.setVisible(d.visible);
    this.view.setTeaser(d.visible ? d.teaser : null);
    if (d.visible && d.openAfterSeconds !== null && !this.openScheduled) {
      this.openScheduled = true;
      this.openTimer = setTimeout(() => this.open(), d.openAfterSeconds * 1000);
    } else if ((!d.visible || d.openAfterSeconds === null) && this.openTimer) {
      clearTimeout(this.openTimer);
      this.openTimer = null;
      this.openScheduled = false;
    }
  }
}
