import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'pl-no-conversation',
  template: `
    <div class="none">
      <p class="title">No conversation open</p>
      <p>Pick one from the inbox. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>r</kbd> replies, <kbd>Esc</kbd> leaves the reply box.</p>
    </div>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      height: 100%;
      color: var(--mat-sys-on-surface-variant);
      padding: 24px;
      text-align: center;
    }
    .title {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface);
    }
    kbd {
      padding: 1px 5px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      font-family: inherit;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoConversation {}
