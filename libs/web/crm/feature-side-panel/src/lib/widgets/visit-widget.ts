import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { VisitStore } from '@parley/web/crm/data-access';
import { Conversation } from '@parley/web/shared/data-access';
import { WIDGET_STYLES } from './widget-styles';

/** Pages listed before "Show all". */
const PAGES_SHOWN = 5;

/** "1 h 05 min", "4 min 12 s", "35 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

/** A country's name in the operator's language from its ISO code ("PL" → "Poland"); the code when unknown. */
export function countryName(code: string | null, locale = typeof navigator === 'undefined' ? 'en' : navigator.language): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Only http(s) addresses become links: a visitor's page can report anything. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The side panel's Visit widget (SPEC E8): where the web chat visitor is now (live as they
 * navigate), the pages of this visit with times, when it started and how long it lasts (or that
 * they are on the site now), which visit it is, system, browser, language, location and the
 * campaign that brought them.
 */
@Component({
  selector: 'pl-visit-widget',
  imports: [DatePipe],
  providers: [VisitStore],
  template: `
    <h3 id="visit-title">Visit</h3>
    @if (store.error() && !visit()) {
      <p class="error" role="alert" data-testid="visit-error">The visit could not be loaded: {{ store.error() }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
    } @else if (!store.loaded()) {
      <p class="none" aria-busy="true">Loading the visit…</p>
    } @else if (visit(); as v) {
      <div class="now" data-testid="visit-current">
        @if (v.onSiteNow) {
          <span class="live" data-testid="visit-on-site">On site now</span>
        } @else {
          <span class="left">Left {{ v.lastSeenAt | date: 'short' }}</span>
        }
        @if (v.currentUrl) {
          @if (href(v.currentUrl); as link) {
            <a [href]="link" target="_blank" rel="noopener noreferrer" class="page" data-testid="visit-current-page" [title]="v.currentUrl">{{ v.currentTitle || v.currentUrl }}</a>
          } @else {
            <span class="page" data-testid="visit-current-page">{{ v.currentTitle || v.currentUrl }}</span>
          }
        }
      </div>
      <dl>
        <dt>Started</dt>
        <dd>{{ v.startedAt | date: 'short' }}</dd>
        <dt>Duration</dt>
        <dd data-testid="visit-duration">{{ duration() }}</dd>
        <dt>Visits</dt>
        <dd data-testid="visit-number">{{ v.visitNumber === 1 ? 'First visit' : 'Visit ' + v.visitNumber }}</dd>
        @if (v.os) {
          <dt>System</dt>
          <dd data-testid="visit-os">{{ v.os }}</dd>
        }
        @if (v.browser) {
          <dt>Browser</dt>
          <dd data-testid="visit-browser">{{ v.browser }}</dd>
        }
        @if (v.language) {
          <dt>Language</dt>
          <dd>{{ v.language }}</dd>
        }
        @if (location(); as place) {
          <dt>Location</dt>
          <dd data-testid="visit-location">{{ place }}</dd>
        }
        @if (v.utmSource || v.utmMedium || v.utmCampaign) {
          <dt>Campaign</dt>
          <dd data-testid="visit-utm">
            @if (v.utmSource) {
              <span>source <b>{{ v.utmSource }}</b></span>
            }
            @if (v.utmMedium) {
              <span> · medium <b>{{ v.utmMedium }}</b></span>
            }
            @if (v.utmCampaign) {
              <span> · campaign <b>{{ v.utmCampaign }}</b></span>
            }
          </dd>
        }
        @if (v.referrer) {
          <dt>Came from</dt>
          <dd class="url">{{ v.referrer }}</dd>
        }
      </dl>
      @if (v.pages.length) {
        <h4>Pages this visit ({{ v.pageViews }})</h4>
        <ol class="pages" data-testid="visit-pages">
          @for (p of shownPages(); track $index) {
            <li>
              <time [attr.datetime]="p.viewedAt">{{ p.viewedAt | date: 'HH:mm:ss' }}</time>
              @if (href(p.url); as link) {
                <a [href]="link" target="_blank" rel="noopener noreferrer" [title]="p.url">{{ p.title || p.url }}</a>
              } @else {
                <span>{{ p.title || p.url }}</span>
              }
            </li>
          }
        </ol>
        @if (v.pages.length > pagesShown) {
          <button type="button" class="link" data-testid="visit-pages-toggle" (click)="allPages.set(!allPages())">{{ allPages() ? 'Show fewer' : 'Show all ' + v.pages.length }}</button>
        }
      }
    } @else {
      <p class="none" data-testid="visit-empty">No website visit is known for this conversation: it did not start in the web chat, or the page sent no visit data.</p>
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .now {
        display: flex;
        flex-direction: column;
        gap: 2px;
        margin-bottom: 8px;
      }
      .live {
        color: var(--mat-sys-primary);
        font: var(--mat-sys-label-medium);
      }
      .live::before {
        content: '';
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: currentColor;
        margin-right: 6px;
      }
      .left {
        color: var(--mat-sys-on-surface-variant);
        font: var(--mat-sys-label-medium);
      }
      .page,
      .url,
      .pages a,
      .pages span {
        overflow-wrap: anywhere;
      }
      h4 {
        margin: 12px 0 4px;
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-on-surface-variant);
      }
      .pages {
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 4px;
        font: var(--mat-sys-body-small);
      }
      .pages time {
        color: var(--mat-sys-on-surface-variant);
        margin-right: 8px;
        font-variant-numeric: tabular-nums;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(VisitStore);
  protected readonly visit = this.store.visit;
  protected readonly pagesShown = PAGES_SHOWN;
  protected readonly allPages = signal(false);
  /** Ticks every 15 s while the visitor is on the site, so the duration keeps counting. */
  private readonly now = signal(Date.now());

  protected readonly shownPages = computed(() => {
    const pages = this.visit()?.pages ?? [];
    return this.allPages() ? pages : pages.slice(0, PAGES_SHOWN);
  });
  protected readonly duration = computed(() => {
    const v = this.visit();
    if (!v) return '';
    const seconds = v.onSiteNow ? Math.max(v.durationSeconds, (this.now() - Date.parse(v.startedAt)) / 1000) : v.durationSeconds;
    return formatDuration(seconds);
  });
  protected readonly location = computed(() => {
    const v = this.visit();
    return [v?.city, countryName(v?.country ?? null)].filter(Boolean).join(', ') || null;
  });

  constructor() {
    effect(() => {
      const c = this.conversation();
      // the API answers null for a conversation without a visit (another channel): the widget says so
      untracked(() => this.store.open(c ? c.id : null));
    });
    const timer = setInterval(() => this.visit()?.onSiteNow && this.now.set(Date.now()), 15_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected href(url: string | null): string | null {
    return safeHref(url);
  }
}
