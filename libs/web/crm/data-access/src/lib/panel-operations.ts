/** Issue #11 (E0): the side panel's layout, saved per operator, and the widgets an admin disabled for the workspace. */
const LAYOUT_FIELDS = 'widgets { kind hidden collapsed } disabledKinds';

export const SIDE_PANEL_LAYOUT = `query SidePanelLayout { sidePanelLayout { ${LAYOUT_FIELDS} } }`;
export const SAVE_SIDE_PANEL_LAYOUT = `mutation SaveSidePanelLayout($input: SaveSidePanelLayoutInput!) { saveSidePanelLayout(input: $input) { ${LAYOUT_FIELDS} } }`;
export const SET_SIDE_PANEL_WIDGETS_DISABLED = `mutation SetSidePanelWidgetsDisabled($input: SetSidePanelWidgetsDisabledInput!) { setSidePanelWidgetsDisabled(input: $input) { ${LAYOUT_FIELDS} } }`;
export const SIDE_PANEL_LAYOUT_CHANGED = `subscription SidePanelLayoutChanged { sidePanelLayoutChanged { ${LAYOUT_FIELDS} } }`;
