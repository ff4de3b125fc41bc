import { MatMenuPanel } from '@angular/material/menu';

/**
 * One action of the conversation header as the "More actions" menu shows it on narrow screens
 * (issue #17). The component that owns the action decides whether it exists (the same logic as
 * its inline button); the header only decides where it is laid out.
 */
export interface HeaderAction {
  /** The inline button's data-testid; the menu item is `more-<id>`. */
  id: string;
  label: string;
  disabled: boolean;
  /** A plain action… */
  run?: () => void;
  /** …or a submenu (the owner's own mat-menu, opened from the overflow menu). */
  menu?: MatMenuPanel;
  /** Called when the submenu opens (e.g. to load its options). */
  opened?: () => void;
}
