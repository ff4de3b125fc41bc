import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ThreadStore } from '@parley/web/inbox/data-access';
import { Contact, Conversation } from '@parley/web/shared/data-access';
import { ContactOwnerTags } from '../contact-owner-tags';

/** The side panel's owner & tags widget (SPEC C6) for the conversation's client. */
@Component({
  selector: 'pl-owner-tags-widget',
  imports: [ContactOwnerTags],
  template: `
    @if (conversation()?.contact; as raw) {
      <pl-contact-owner-tags [conversationId]="conversation()!.id" [contact]="raw" (changed)="onContactChanged($event)" />
    }
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OwnerTagsWidget {
  readonly conversation = input<Conversation | null>(null);
  private readonly thread = inject(ThreadStore);

  /** The saved contact shows at once; other operators get it through the inbox events. */
  protected onContactChanged(contact: Contact): void {
    this.thread.conversation.update((c) => (c && c.contact?.id === contact.id ? { ...c, contact: { ...c.contact, ...contact } } : c));
  }
}
