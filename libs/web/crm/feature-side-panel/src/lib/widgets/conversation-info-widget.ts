import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { Conversation } from '@parley/web/shared/data-access';
import { WIDGET_STYLES } from './widget-styles';

/** The side panel's conversation widget: its channel and assignee. */
@Component({
  selector: 'pl-conversation-info-widget',
  template: `
    @if (conversation(); as conv) {
      <h3>Conversation</h3>
      <dl>
        <dt>Channel</dt>
        <dd>{{ conv.channel.name }}</dd>
        <dt>Assignee</dt>
        <dd>{{ conv.assignee?.displayName || 'Nobody yet' }}</dd>
      </dl>
    }
  `,
  styles: WIDGET_STYLES,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationInfoWidget {
  readonly conversation = input<Conversation | null>(null);
}
