import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { PINNED_SIDE_PANEL_WIDGETS, resolveSidePanelLayout, SidePanelWidgetState } from '@parley/shared/contracts';
import { SaveSidePanelLayoutDocument, SetSidePanelWidgetsDisabledDocument, SidePanelLayoutChangedDocument, SidePanelLayoutDocument } from './generated/graphql';
import { afterReconnect } from './after-reconnect';

type Layout = { widgets: SidePanelWidgetState[]; disabledKinds: string[] };

/**
 * Issue #11 (E0): the operator's side panel — which widgets, in which order, hidden or collapsed —
 * saved on the server (the same on every device) and following live what an admin disables and
 * what the operator changes on another device. Until it has loaded, the panel shows the default.
 */
@Injectable({ providedIn: 'root' })
export class SidePanelLayoutStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly session = inject(SessionStore);
  private unsubscribe: (() => void) | null = null;
  private loading: Promise<void> | null = null;
  /** Saves not answered yet: a live copy arriving meanwhile is older than what the operator just did. */
  private pendingSaves = 0;
  private saveSeq = 0;

  /** Every enabled widget, in order (pinned first). */
  readonly widgets = signal<SidePanelWidgetState[]>(resolveSidePanelLayout([], []));
  readonly disabledKinds = signal<string[]>([]);
  readonly loaded = signal(false);
  /** Why the last load or save failed (the panel keeps working with what it has). */
  readonly error = signal<string | null>(null);
  readonly movable = computed(() => this.widgets().filter((w) => !PINNED_SIDE_PANEL_WIDGETS.includes(w.kind)));
  readonly hiddenWidgets = computed(() => this.movable().filter((w) => w.hidden));

  constructor() {
    this.session.onEnd(() => this.reset());
    // after a reconnect a change may have been missed: read it again
    afterReconnect(this.realtime, () => {
      if (this.unsubscribe) void this.reload();
    });
  }

  /** Loads once (and follows live from then on); later calls share it. */
  ensureLoaded(): Promise<void> {
    if (!this.unsubscribe && this.session.isAuthenticated()) {
      this.unsubscribe = this.realtime.subscribe(SidePanelLayoutChangedDocument, {
        next: (data) => {
          if (this.pendingSaves === 0) this.adopt(data.sidePanelLayoutChanged);
        },
        error: () => undefined,
      });
    }
    return (this.loading ??= this.reload());
  }

  async reload(): Promise<void> {
    try {
      const data = await this.api.request(SidePanelLayoutDocument);
      if (this.pendingSaves === 0) this.adopt(data.sidePanelLayout);
      this.loaded.set(true);
      this.error.set(null);
    } catch (error) {
      this.error.set(`The panel layout could not be loaded: ${describeError(error)}`);
      this.loading = null;
    }
  }

  /** Drag and drop (or Alt+arrow) within the movable widgets, by their index there. */
  move(from: number, to: number): Promise<void> {
    const list = [...this.movable()];
    if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return Promise.resolve();
    const [item] = list.splice(from, 1);
    list.splice(to, 0, item);
    return this.save(list);
  }

  setHidden(kind: string, hidden: boolean): Promise<void> {
    return this.save(this.movable().map((w) => (w.kind === kind ? { ...w, hidden } : w)));
  }

  setCollapsed(kind: string, collapsed: boolean): Promise<void> {
    return this.save(this.movable().map((w) => (w.kind === kind ? { ...w, collapsed } : w)));
  }

  /** Admins: the widgets disabled for everyone. Resolves with the error to show, or null. */
  async setDisabled(disabledKinds: string[]): Promise<string | null> {
    try {
      const data = await this.api.request(SetSidePanelWidgetsDisabledDocument, { input: { disabledKinds } });
      this.adopt(data.setSidePanelWidgetsDisabled);
      return null;
    } catch (error) {
      return describeError(error);
    }
  }

  /** Shows the change at once; the server's answer confirms it, a refusal puts the previous layout back and says why. */
  private async save(movable: SidePanelWidgetState[]): Promise<void> {
    const previous = { widgets: this.widgets(), disabledKinds: this.disabledKinds() };
    const pinned = this.widgets().filter((w) => PINNED_SIDE_PANEL_WIDGETS.includes(w.kind));
    this.widgets.set([...pinned, ...movable]);
    const seq = ++this.saveSeq;
    this.pendingSaves++;
    try {
      const data = await this.api.request(SaveSidePanelLayoutDocument, { input: { widgets: movable.map(({ kind, hidden, collapsed }) => ({ kind, hidden, collapsed })) } });
      if (seq === this.saveSeq) this.adopt(data.saveSidePanelLayout);
      this.error.set(null);
    } catch (error) {
      if (seq === this.saveSeq) this.adopt(previous);
      this.error.set(`The panel layout was not saved: ${describeError(error)}`);
    } finally {
      this.pendingSaves = Math.max(0, this.pendingSaves - 1);
    }
  }

  private adopt(layout: Layout): void {
    this.widgets.set(layout.widgets.map(({ kind, hidden, collapsed }) => ({ kind, hidden, collapsed })));
    this.disabledKinds.set([...layout.disabledKinds]);
  }

  private reset(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.loading = null;
    this.pendingSaves = 0;
    this.widgets.set(resolveSidePanelLayout([], []));
    this.disabledKinds.set([]);
    this.loaded.set(false);
    this.error.set(null);
  }
}
