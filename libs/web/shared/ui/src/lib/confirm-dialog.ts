import { ChangeDetectionStrategy, Component, Injectable, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The confirm button's label, e.g. "Deactivate" (default "Confirm"). */
  confirmLabel?: string;
  /** The Cancel button's label (default "Cancel"). */
  cancelLabel?: string;
  /** A destructive action: the confirm button is styled as a warning (default true). */
  destructive?: boolean;
}

/**
 * The app's one confirmation dialog (issue #17, instead of the browser's native `confirm()`): a
 * title, a message, Cancel and a confirm button. Focus starts on Cancel, the safe choice, so Enter
 * right away cancels; Tab reaches the confirm button; Esc or a click outside cancels.
 */
@Component({
  selector: 'pl-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title data-testid="confirm-title">{{ data.title }}</h2>
    <mat-dialog-content>
      <p id="pl-confirm-message" class="message" data-testid="confirm-message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" cdkFocusInitial data-testid="confirm-cancel">{{ data.cancelLabel ?? 'Cancel' }}</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" [class.destructive]="data.destructive !== false" data-testid="confirm-ok">
        {{ data.confirmLabel ?? 'Confirm' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .message { margin: 0; white-space: pre-line; }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmOptions>(MAT_DIALOG_DATA);
}

/** Asks the operator to confirm: `if (!(await confirmer.ask({...}))) return;` */
@Injectable({ providedIn: 'root' })
export class Confirmer {
  private readonly dialog = inject(MatDialog);

  /** Resolves true only when the operator pressed the confirm button. */
  async ask(options: ConfirmOptions): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmOptions, boolean>(ConfirmDialog, {
      data: options,
      role: 'alertdialog',
      ariaDescribedBy: 'pl-confirm-message',
      width: '440px',
      maxWidth: '92vw',
      restoreFocus: true,
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }
}
