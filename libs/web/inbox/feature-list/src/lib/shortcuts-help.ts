import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { SHORTCUTS } from './keyboard-shortcuts';

/** The `?` overlay: every shortcut, grouped by where it works. */
@Component({
  selector: 'pl-shortcuts-help',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      @for (group of groups; track group.where) {
        <h3>{{ group.where }}</h3>
        <table class="shortcuts" data-testid="shortcuts-table">
          <tbody>
            @for (shortcut of group.items; track $index) {
              <tr data-testid="shortcut">
                <td class="keys">
                  @for (key of shortcut.keys; track $index; let last = $last) {
                    <kbd>{{ key }}</kbd>@if (!last) { <span class="sep">{{ key === 'Shift' ? '+' : '/' }}</span> }
                  }
                </td>
                <td>{{ shortcut.action }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close type="button">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    h3 { font: var(--mat-sys-title-small); margin: 12px 0 4px; }
    .shortcuts { border-collapse: collapse; width: 100%; }
    td { padding: 3px 8px 3px 0; vertical-align: top; }
    .keys { white-space: nowrap; width: 120px; }
    kbd { font-family: inherit; font-size: 12px; padding: 1px 6px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; background: var(--mat-sys-surface-container); }
    .sep { margin: 0 2px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ShortcutsHelp {
  protected readonly groups = (['Anywhere', 'Conversation list', 'Composer'] as const).map((where) => ({ where, items: SHORTCUTS.filter((s) => s.where === where) }));
}
