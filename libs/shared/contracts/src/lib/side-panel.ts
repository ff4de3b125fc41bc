/**
 * Issue #11 (E0): the widgets of the CRM side panel, by kind. The API accepts a layout or an admin's
 * disabled list only of these kinds; the web panel's registry gives each one its component. A
 * widget built later (products, cart, orders) adds its kind here and its entry there.
 */
export const SIDE_PANEL_WIDGET_CATALOG = [
  { kind: 'client-basics', label: 'Client', pinned: true },
  { kind: 'owner-tags', label: 'Owner and tags', pinned: false },
  { kind: 'conversation', label: 'Conversation', pinned: false },
  { kind: 'timeline', label: 'Conversations on every channel', pinned: false },
  { kind: 'notes', label: 'Notes', pinned: false },
  { kind: 'tasks', label: 'Tasks', pinned: false },
  { kind: 'visit', label: 'Visit', pinned: false },
  { kind: 'summary', label: 'Conversation summary', pinned: false },
  { kind: 'products', label: 'Products', pinned: false },
  { kind: 'orders', label: 'Orders', pinned: false },
  { kind: 'cart', label: 'Current cart', pinned: false },
] as const satisfies ReadonlyArray<{ kind: string; label: string; pinned: boolean }>;

export type SidePanelWidgetKind = (typeof SIDE_PANEL_WIDGET_CATALOG)[number]['kind'];

export const SIDE_PANEL_WIDGET_KINDS: readonly string[] = SIDE_PANEL_WIDGET_CATALOG.map((w) => w.kind);

/** Pinned on top in this order: never moved, hidden, collapsed or disabled. */
export const PINNED_SIDE_PANEL_WIDGETS: readonly string[] = SIDE_PANEL_WIDGET_CATALOG.filter((w) => w.pinned).map((w) => w.kind);

/** How an operator keeps one widget of the panel. */
export interface SidePanelWidgetState {
  kind: string;
  hidden: boolean;
  collapsed: boolean;
}

/**
 * The panel as an operator sees it: every known kind once, pinned first, then the saved order,
 * then kinds the saved layout does not name yet (new widgets) in their default order; kinds the
 * workspace disabled are left out. Unknown saved kinds (a widget since removed) are dropped.
 */
export function resolveSidePanelLayout(saved: readonly SidePanelWidgetState[], disabled: readonly string[]): SidePanelWidgetState[] {
  const known = new Set(SIDE_PANEL_WIDGET_KINDS);
  const off = new Set(disabled);
  const seen = new Set<string>();
  const out: SidePanelWidgetState[] = PINNED_SIDE_PANEL_WIDGETS.map((kind) => {
    seen.add(kind);
    return { kind, hidden: false, collapsed: false };
  });
  for (const w of saved) {
    if (!known.has(w.kind) || seen.has(w.kind)) continue;
    seen.add(w.kind);
    out.push({ kind: w.kind, hidden: !!w.hidden, collapsed: !!w.collapsed });
  }
  for (const kind of SIDE_PANEL_WIDGET_KINDS) if (!seen.has(kind)) out.push({ kind, hidden: false, collapsed: false });
  return out.filter((w) => !off.has(w.kind));
}
