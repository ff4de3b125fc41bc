import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { tagTextColor } from '@parley/shared/contracts';
import { contactName } from '@parley/web/inbox/data-access';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { Conversation, TagEventsStore } from '@parley/web/shared/data-access';
import { WIDGET_STYLES } from './widget-styles';

/** The side panel's pinned widget: the client's name, avatar, e-mail and phone. */
@Component({
  selector: 'pl-client-basics-widget',
  imports: [ContactAvatar],
  template: `
    <h2 id="contact-title">Contact</h2>
    @if (contact(); as c) {
      <p class="name" data-testid="contact-name">
        <pl-contact-avatar class="avatar" [contact]="c" />{{ displayName() }}
        @for (t of pinnedTags(); track t.id) {
          <span class="pinned-tag" [style.background]="t.color" [style.color]="textColor(t.color)" data-testid="pinned-tag">{{ t.name }}</span>
        }
      </p>
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
      <p class="name" data-testid="contact-name">
        <pl-contact-avatar class="avatar" [contact]="conversation()?.contact" />{{ displayName() }}
        <!-- a visitor known only by their pseudonym can be tagged too: the pinned tags show beside it -->
        @for (t of pinnedTags(); track t.id) {
          <span class="pinned-tag" [style.background]="t.color" [style.color]="textColor(t.color)" data-testid="pinned-tag">{{ t.name }}</span>
        }
      </p>
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
      .pinned-tag {
        margin-left: 8px;
        padding: 0 8px;
        border-radius: 10px;
        font: var(--mat-sys-label-small);
        line-height: 18px;
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
  private readonly tagEvents = inject(TagEventsStore);
  protected readonly textColor = tagTextColor;
  /** E1: the client's pinned tags beside the name, live through an admin's renames. */
  protected readonly pinnedTags = computed(() => this.tagEvents.apply(this.conversation()?.contact?.tags).filter((t) => t.pinned));
  protected readonly contact = computed(() => {
    const c = this.conversation()?.contact;
    return c && (c.name || c.email || c.phone) ? c : null;
  });
}
