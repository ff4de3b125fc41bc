import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { contactAvatar, NamedContact } from '@parley/shared/contracts';

/**
 * A contact's round avatar: initials on the colour derived from the contact id (issue #17), the
 * same in the inbox list, the conversation header and the side panel, and unchanged when the
 * visitor's name becomes known. Decorative: the name is always written beside it, and the
 * initials are CSS-generated, so the avatar adds nothing to the text around it (headings, rows).
 */
@Component({
  selector: 'pl-contact-avatar',
  template: ``,
  host: {
    'aria-hidden': 'true',
    'data-testid': 'contact-avatar',
    '[style.background-color]': 'avatar().color',
    '[style.--pl-avatar-size.px]': 'size()',
    '[attr.data-color]': 'avatar().color',
    '[attr.data-initials]': 'avatar().initials',
  },
  styles: `
    :host {
      --pl-avatar-size: 28px;
      display: inline-flex;
      flex: none;
      align-items: center;
      justify-content: center;
      width: var(--pl-avatar-size);
      height: var(--pl-avatar-size);
      border-radius: 50%;
      color: #fff;
      font-size: calc(var(--pl-avatar-size) * 0.4);
      font-weight: 600;
      line-height: 1;
      letter-spacing: 0.02em;
      vertical-align: middle;
      user-select: none;
    }
    :host::before {
      content: attr(data-initials);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactAvatar {
  readonly contact = input<NamedContact | null | undefined>(null);
  readonly size = input(28);
  protected readonly avatar = computed(() => contactAvatar(this.contact()));
}
