import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { CONVERSATION_SIDE_PANEL } from '@parley/web/inbox/data-access';
import { Conversation } from '@parley/web/shared/data-access';

/** Where the conversation page shows the side panel the app provides (CONVERSATION_SIDE_PANEL), if any. */
@Component({
  selector: 'pl-side-panel-slot',
  imports: [NgComponentOutlet],
  template: `
    @if (panel) {
      <ng-container *ngComponentOutlet="panel; inputs: { conversation: conversation() }" />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SidePanelSlot {
  readonly conversation = input<Conversation | null>(null);
  protected readonly panel = inject(CONVERSATION_SIDE_PANEL, { optional: true });
}
