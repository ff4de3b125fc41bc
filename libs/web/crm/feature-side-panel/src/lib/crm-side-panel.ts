import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { Conversation } from '@parley/web/shared/data-access';
import { orderedWidgets, SIDE_PANEL_WIDGETS } from './side-panel-widgets';

/**
 * The CRM side panel on the right of a conversation: the widgets of its registry (SIDE_PANEL_WIDGETS),
 * pinned ones first, each given the open conversation (SPEC E adds more widgets as registry entries).
 */
@Component({
  selector: 'pl-crm-side-panel',
  imports: [NgComponentOutlet],
  template: `
    <aside class="panel" aria-labelledby="contact-title">
      @for (widget of widgets; track widget.kind) {
        <ng-container *ngComponentOutlet="widget.component; inputs: { conversation: conversation() }" />
      }
      <p class="later">Client details, orders and notes from the CRM will appear here.</p>
    </aside>
  `,
  styles: `
    :host {
      display: block;
    }
    .panel {
      padding: 16px;
    }
    .later {
      margin-top: 32px;
      padding: 12px;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CrmSidePanel {
  readonly conversation = input<Conversation | null>(null);
  protected readonly widgets = orderedWidgets(inject(SIDE_PANEL_WIDGETS));
}
