import { InjectionToken, InputSignal, Type } from '@angular/core';
import type { Conversation } from '@parley/web/shared/data-access';
import { ClientTimeline } from './client-timeline';
import { ClientBasicsWidget } from './widgets/client-basics-widget';
import { ConversationInfoWidget } from './widgets/conversation-info-widget';
import { OwnerTagsWidget } from './widgets/owner-tags-widget';

/** A widget of the CRM side panel: one standalone component that takes the open conversation (its data comes from its own data-access store). */
export type SidePanelWidgetComponent = Type<{ conversation: InputSignal<Conversation | null> }>;

/** One entry of the side panel's registry: adding a widget is adding an entry. */
export interface SidePanelWidget {
  /** Stable name of the widget kind (the DOM's data-widget, the @for track). */
  kind: string;
  component: SidePanelWidgetComponent;
  /** Pinned widgets stay on top, before every other, in registry order. */
  pinned?: boolean;
}

/** The side panel's widgets today, in order: the client's basics pinned on top, then owner & tags, the conversation, the client's timeline. */
export const DEFAULT_SIDE_PANEL_WIDGETS: readonly SidePanelWidget[] = [
  { kind: 'client-basics', component: ClientBasicsWidget, pinned: true },
  { kind: 'owner-tags', component: OwnerTagsWidget },
  { kind: 'conversation', component: ConversationInfoWidget },
  { kind: 'timeline', component: ClientTimeline },
];

/** The registry the panel renders (provide another list to change or extend it). */
export const SIDE_PANEL_WIDGETS = new InjectionToken<readonly SidePanelWidget[]>('SIDE_PANEL_WIDGETS', { factory: () => DEFAULT_SIDE_PANEL_WIDGETS });

/** The order the panel shows: pinned widgets first, each group in registry order. */
export function orderedWidgets(widgets: readonly SidePanelWidget[]): SidePanelWidget[] {
  return [...widgets.filter((w) => w.pinned), ...widgets.filter((w) => !w.pinned)];
}
