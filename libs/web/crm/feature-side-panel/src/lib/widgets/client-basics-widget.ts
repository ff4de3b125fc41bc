import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { contactName } from '@parley/web/inbox/data-access';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { Conversation } from '@parley/web/shared/data-access';
import { WIDGET_STYLES } from './widget-styles';

/** The side panel's pinned widget: the client's name, avatar, e-mail and phone. */
@Component({
  selector: 'pl-client-basics-widget',
  imports: [ContactAvatar],
  template: `
    <h2 id="contact-title">Contact</h2>
    @if (contact(); as c) {
      <p class="name" data-testid="contact-name"><pl-contact-avatar class="avatar" [contact]="c" />{{ displayName() }}</p>
      <dl>
        <dt>E-mail</dt>
        <dd>
          @if (c.email) {
            <a [href]="'mailto:' + c.email">{{ c.email }}</a>
          } @else {
            <span class="none">Not known</span>
          }
        </dd>
        <dt>Phone</dt>
        <dd>
          @if (c.phone) {
            {{ c.phone }}
          } @else {
            <span class="none">Not known</span>
          }
        </dd>
      </dl>
    } @else {
      <p class="name" data-testid="contact-name"><pl-contact-avatar class="avatar" [contact]="conversation()?.contact" />{{ displayName() }}</p>
      <p class="none">The visitor has not shared a name, e-mail or phone yet.</p>
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .name {
        font: var(--mat-sys-title-medium);
        margin: 0 0 12px;
        overflow-wrap: anywhere;
      }
      .name .avatar {
        margin-right: 8px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientBasicsWidget {
  readonly conversation = input<Conversation | null>(null);
  /** The same name as the list and the header: the real one, or the visitor's stable pseudonym. */
  protected readonly displayName = computed(() => contactName(this.conversation()));
  protected readonly contact = computed(() => {
    const c = this.conversation()?.contact;
    return c && (c.name || c.email || c.phone) ? c : null;
  });
}
