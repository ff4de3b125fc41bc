import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Contact, Conversation } from '@parley/web/shared/data-access';
import { ClientTimeline } from './client-timeline';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { ContactOwnerTags } from './contact-owner-tags';
import { contactName } from '@parley/web/inbox/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';

/** The right-hand side panel. Basic contact info now; later issues add the CRM widgets (SPEC E). */
@Component({
  selector: 'pl-contact-panel',
  imports: [ClientTimeline, ContactOwnerTags, ContactAvatar],
  template: `
    <aside class="panel" aria-labelledby="contact-title">
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
      @if (conversation()?.contact; as raw) {
        <pl-contact-owner-tags [conversationId]="conversation()!.id" [contact]="raw" (changed)="onContactChanged($event)" />
      }
      @if (conversation(); as conv) {
        <h3>Conversation</h3>
        <dl>
          <dt>Channel</dt>
          <dd>{{ conv.channel.name }}</dd>
          <dt>Assignee</dt>
          <dd>{{ conv.assignee?.displayName || 'Nobody yet' }}</dd>
        </dl>
      }
      <pl-client-timeline [conversation]="conversation()" />
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
    h2,
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      margin-top: 24px;
    }
    .name {
      font: var(--mat-sys-title-medium);
      margin: 0 0 12px;
      overflow-wrap: anywhere;
    }
    .name .avatar {
      margin-right: 8px;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 6px 12px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
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
export class ContactPanel {
  readonly conversation = input<Conversation | null>(null);
  private readonly thread = inject(ThreadStore);

  /** The saved contact shows at once; other operators get it through the inbox events. */
  protected onContactChanged(contact: Contact): void {
    this.thread.conversation.update((c) => (c && c.contact?.id === contact.id ? { ...c, contact: { ...c.contact, ...contact } } : c));
  }
  /** The same name as the list and the header: the real one, or the visitor's stable pseudonym. */
  protected readonly displayName = computed(() => contactName(this.conversation()));
  protected readonly contact = computed(() => {
    const c = this.conversation()?.contact;
    return c && (c.name || c.email || c.phone) ? c : null;
  });
}
