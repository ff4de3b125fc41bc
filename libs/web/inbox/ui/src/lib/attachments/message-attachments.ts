import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ChatAttachment, formatBytes, isImageMime } from '@parley/shared/contracts';

/** A message's files in the thread: image thumbnails (open full size) and PDF chips (download). */
@Component({
  selector: 'pl-message-attachments',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (a of attachments(); track a.id) {
      @if (isImage(a.mime)) {
        <a class="thumb" [href]="a.url" target="_blank" rel="noopener" [attr.aria-label]="'Open image ' + a.name">
          <img data-testid="attachment-image" [src]="a.url" [alt]="a.name" loading="lazy" [attr.width]="a.width" [attr.height]="a.height" />
        </a>
      } @else {
        <a class="file" data-testid="attachment-file" [href]="a.url" [attr.download]="a.name" rel="noopener">
          <span class="icon" aria-hidden="true">PDF</span>
          <span class="name">{{ a.name }}</span>
          <span class="size">{{ size(a.size) }}</span>
        </a>
      }
    }
  `,
  styles: `
    :host { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
    .thumb img { display: block; max-width: 220px; max-height: 160px; width: auto; height: auto; border-radius: 8px; background: #eee; object-fit: cover; }
    .file { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px; border-radius: 8px; background: rgba(0,0,0,.06); color: inherit; text-decoration: none; max-width: 260px; }
    .file:focus-visible, .thumb:focus-visible { outline: 2px solid #3f51b5; outline-offset: 2px; }
    .icon { font-size: 10px; font-weight: 700; padding: 2px 4px; border-radius: 3px; background: #c62828; color: #fff; }
    .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .size { opacity: .7; font-size: 12px; }
  `,
})
export class MessageAttachments {
  readonly attachments = input<readonly ChatAttachment[] | null | undefined>([]);
  protected readonly isImage = isImageMime;
  protected readonly size = formatBytes;
}
