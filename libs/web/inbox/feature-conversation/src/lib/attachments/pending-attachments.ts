import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { formatBytes } from '@parley/shared/contracts';
import { PendingFile } from '@parley/web/inbox/data-access';

/** The composer's chips: preview, progress, error and a remove button per file. */
@Component({
  selector: 'pl-pending-attachments',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="chips" aria-label="Files to send">
      @for (f of files(); track f.localId) {
        <li class="chip" data-testid="pending-attachment" [attr.data-state]="f.state" [class.error]="f.state === 'error'">
          @if (f.previewUrl) {
            <img [src]="f.previewUrl" alt="" class="preview" />
          } @else {
            <span class="icon" aria-hidden="true">{{ f.state === 'error' ? '!' : 'PDF' }}</span>
          }
          <span class="text">
            <span class="name">{{ f.name }}</span>
            @if (f.state === 'error') {
              <span class="problem" role="alert" data-testid="attachment-error">{{ f.error }}</span>
            } @else if (f.state === 'uploading') {
              <progress max="1" [value]="f.progress" [attr.aria-label]="'Uploading ' + f.name"></progress>
            } @else {
              <span class="size">{{ size(f.size) }}</span>
            }
          </span>
          <button type="button" class="remove" (click)="remove.emit(f.localId)" [attr.aria-label]="'Remove ' + f.name">×</button>
        </li>
      }
    </ul>
  `,
  styles: `
    .chips { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0 0 6px; padding: 0; }
    .chip { display: flex; align-items: center; gap: 6px; padding: 4px 6px; border-radius: 8px; background: rgba(0,0,0,.06); max-width: 300px; }
    .chip.error { background: #fdecea; }
    .preview { width: 36px; height: 36px; object-fit: cover; border-radius: 4px; }
    .icon { font-size: 10px; font-weight: 700; padding: 2px 4px; border-radius: 3px; background: #c62828; color: #fff; }
    .text { display: flex; flex-direction: column; min-width: 0; font-size: 12px; }
    .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .problem { color: #b3261e; }
    progress { width: 120px; height: 6px; }
    .remove { border: 0; background: transparent; cursor: pointer; font-size: 18px; line-height: 1; padding: 2px 4px; }
  `,
})
export class PendingAttachments {
  readonly files = input.required<readonly PendingFile[]>();
  readonly remove = output<number>();
  protected readonly size = formatBytes;
}
