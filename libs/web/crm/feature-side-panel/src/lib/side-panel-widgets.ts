import { InjectionToken, InputSignal, Type } from '@angular/core';
import type { Conversation } from '@parley/web/shared/data-access';
import { Permission, PINNED_SIDE_PANEL_WIDGETS, SIDE_PANEL_WIDGET_CATALOG } from '@parley/shared/contracts';
import { ClientTimeline } from './client-timeline';
import { CartWidget } from './widgets/cart-widget';
import { ClientBasicsWidget } from './widgets/client-basics-widget';
import { ConversationInfoWidget } from './widgets/conversation-info-widget';
import { NotesWidget } from './widgets/notes-widget';
import { OrdersWidget } from './widgets/orders-widget';
import { OwnerTagsWidget } from './widgets/owner-tags-widget';
import { ProductsWidget } from './widgets/products-widget';
import { SummaryWidget } from './widgets/summary-widget';
import { TasksWidget } from './widgets/tasks-widget';
import { VisitWidget } from './widgets/visit-widget';

/** A widget of the CRM side panel: one standalone component that takes the open conversation (its data comes from its own data-access store). */
export type SidePanelWidgetComponent = Type<{ conversation: InputSignal<Conversation | null> }>;

/**
 * One entry of the side panel's registry: adding a widget is adding an entry here and its kind to
 * SIDE_PANEL_WIDGET_CATALOG (@parley/shared/contracts), which gives its label, whether it is
 * pinned, and lets the API save it in operators' layouts.
 */
export interface SidePanelWidget {
  /** Stable name of the widget kind (the DOM's data-widget, the @for track, the saved layout). */
  kind: string;
  component: SidePanelWidgetComponent;
  /** Shown only to operators who hold this right (the API checks it again on every read). */
  requires?: Permission;
}

/** The side panel's widgets today, in their default order: the client's basics pinned on top, then owner & tags, the conversation, the client's timeline, notes, tasks (for operators who see tasks), the visit, the AI conversation summary (for operators who use AI tools), the client's products, the client's orders, the visitor's current cart. */
export const DEFAULT_SIDE_PANEL_WIDGETS: readonly SidePanelWidget[] = [
  { kind: 'client-basics', component: ClientBasicsWidget },
  { kind: 'owner-tags', component: OwnerTagsWidget },
  { kind: 'conversation', component: ConversationInfoWidget },
  { kind: 'timeline', component: ClientTimeline },
  { kind: 'notes', component: NotesWidget },
  { kind: 'tasks', component: TasksWidget, requires: Permission.see_tasks },
  { kind: 'visit', component: VisitWidget },
  { kind: 'summary', component: SummaryWidget, requires: Permission.use_ai_tools },
  { kind: 'products', component: ProductsWidget },
  { kind: 'orders', component: OrdersWidget },
  { kind: 'cart', component: CartWidget },
];

/** The registry the panel renders (provide another list to change or extend it). */
export const SIDE_PANEL_WIDGETS = new InjectionToken<readonly SidePanelWidget[]>('SIDE_PANEL_WIDGETS', { factory: () => DEFAULT_SIDE_PANEL_WIDGETS });

export function isPinnedWidget(kind: string): boolean {
  return PINNED_SIDE_PANEL_WIDGETS.includes(kind);
}

/** The widget's name for people (menus, collapsed titles, the admin's list). */
export function widgetLabel(kind: string): string {
  return SIDE_PANEL_WIDGET_CATALOG.find((w) => w.kind === kind)?.label ?? kind;
}

/** The default order: pinned widgets first, each group in registry order. */
export function orderedWidgets(widgets: readonly SidePanelWidget[]): SidePanelWidget[] {
  return [...widgets.filter((w) => isPinnedWidget(w.kind)), ...widgets.filter((w) => !isPinnedWidget(w.kind))];
}
