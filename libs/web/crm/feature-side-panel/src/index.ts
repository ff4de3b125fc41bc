export { CrmSidePanel } from './lib/crm-side-panel';
export { DEFAULT_SIDE_PANEL_WIDGETS, isPinnedWidget, orderedWidgets, SIDE_PANEL_WIDGETS, widgetLabel } from './lib/side-panel-widgets';
export type { SidePanelWidget, SidePanelWidgetComponent } from './lib/side-panel-widgets';
