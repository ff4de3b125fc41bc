import { ConversationGroupControl } from './conversation-group-control';
import {
  ChangeDetectionStrategy,
  DOCUMENT,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  computed,
  effect,
  inject,
  input,
  untracked,
  viewChild,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ChatAttachment, ConversationStatus, MessageAuthorType, TypingReporter } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { Clock } from '@parley/web/shared/util';
import { CONVERSATION_ACTIVITY } from '@parley/web/shared/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { ConversationActivity, Message } from '@parley/web/shared/data-access';
import { messageTime } from '@parley/web/shared/util';
import { Composer, EditableMessage, SaveEdit } from './composer';
import { MessageEditButton } from './message-edit-button';
import { MessageAttachments } from '@parley/web/inbox/ui';
import { MessageCard } from './message-card';
import { MessageHtml } from './message-html/message-html';
import { ConversationActions } from './conversation-actions';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { authorLabel, contactName, statusLabel } from '@parley/web/inbox/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { InboxViewsStore } from '@parley/web/inbox/data-access';
import { takenByOther } from '@parley/web/inbox/data-access';
import { LiveUpdates } from '@parley/web/inbox/data-access';
import { MailMoveTarget, ThreadStore } from '@parley/web/inbox/data-access';
import { SidePanelSlot } from './side-panel-slot';
import { replyWindow } from './reply-window';
import { snoozedUntilLabel } from './snooze-dialog';
import { parseSeq } from '@parley/web/shared/util';
import { ConversationTools } from './conversation-tools';
import { SelectionClientMenu } from './selection-client-menu';
import { NotesStore, withNotes } from '@parley/web/tools/data-access';
import { Conversation } from '@parley/web/shared/data-access';
import { QuickReplyContext } from '@parley/shared/contracts';
import { SetTypingDocument } from '@parley/web/shared/data-access';

const DELIVERY_MARKS: Record<NonNullable<Message['deliveryStatus']>, string | null> = {
  queued: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: null,
};

/** Route `/inbox/:conversationId`: the conversation in the middle column and the contact panel on the right. */
@Component({
  selector: 'pl-conversation-page',
  imports: [ConversationGroupControl, MatButtonModule, MatMenuModule, MatProgressBarModule, RouterLink, SidePanelSlot, Composer, ConversationTools, ConversationActions, MessageAttachments, MessageHtml, MessageEditButton, ContactAvatar, SelectionClientMenu, MessageCard],
  providers: [ThreadStore, NotesStore],
  templateUrl: './conversation-page.html',
  styleUrl: './conversation-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationPage {
  /** Route parameter, bound by the router. */
  readonly conversationId = input.required<string>();
  /** `?seq=N` from a search hit: the message to scroll to and highlight. */
  readonly seq = input<string | undefined>();

  protected readonly store = inject(ThreadStore);
  /** Private notes (SPEC A11), shown in the thread between the messages. */
  protected readonly notes = inject(NotesStore);
  protected readonly timeline = computed(() => withNotes(this.store.items(), this.notes.notes(), this.store.hasMore()));
  /** Values for the quick replies' {{variables}} (SPEC A8). */
  protected readonly composerContext = computed<QuickReplyContext>(() => ({
    client: this.store.conversation()?.contact ?? null,
    operator: { name: this.session.operator()?.displayName ?? null },
  }));
  protected readonly session = inject(SessionStore);
  private readonly inbox = inject(InboxStore);
  private readonly views = inject(InboxViewsStore);
  private readonly live = inject(LiveUpdates);
  private readonly clock = inject(Clock);
  private readonly realtime = inject(RealtimeClient);
  private readonly api = inject(ApiClient);
  private readonly document = inject(DOCUMENT);
  /** Which conversation the operator's typing reports are about. */
  private typingConversationId: string | null = null;
  private readonly typingReporter = new TypingReporter({
    report: ({ active }) => {
      const conversationId = this.typingConversationId;
      if (conversationId) this.api.request(SetTypingDocument, { input: { conversationId, active } }).catch(() => undefined);
    },
  });
  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');
  private readonly composer = viewChild(Composer);
  private readonly actions = viewChild(ConversationActions);
  private readonly tools = viewChild(ConversationTools);
  /** Narrow header (issue #17): the secondary actions of the header's parts, offered in "More actions". */
  protected readonly overflow = computed(() => [...(this.actions()?.overflow() ?? []), ...(this.tools()?.overflow() ?? [])]);

  protected readonly title = computed(() => contactName(this.store.conversation()));
  /** Narrow screens (< 1100 px): whether the contact panel drawer is open. Wide screens always show it. */
  protected readonly panelOpen = signal(false);

  protected togglePanel(): void {
    this.panelOpen.update((open) => !open);
  }

  protected closePanel(): void {
    if (!this.panelOpen()) return;
    this.panelOpen.set(false);
    this.document.querySelector<HTMLElement>('[data-testid="side-panel-toggle"]')?.focus();
  }
  protected readonly status = computed(() => this.store.conversation()?.status ?? null);
  /** Issue #17: another agent has this chat (won the take race, got it transferred): read-only here. */
  protected readonly takenBy = computed(() => takenByOther(this.store.conversation(), this.session.operator()?.id ?? null, this.session.role()));
  // SPEC D2: taking a chat the bot handles stops the bot
  protected readonly canTake = computed(() => this.session.canReply() && !this.takenBy() && (this.status() === ConversationStatus.queued || this.status() === ConversationStatus.bot));
  protected readonly canClose = computed(
    () => this.session.canReply() && !this.takenBy() && this.status() !== null && this.status() !== ConversationStatus.closed,
  );
  /** Issue #10: a channel's reply window (WhatsApp's 24 hours), counted on the clock; null for other channels. */
  protected readonly replyWindow = computed(() => {
    const channel = this.store.conversation()?.channel;
    return replyWindow(channel?.capabilities?.replyWindowHours, this.store.lastInboundAt(), this.clock.now(), channel?.name);
  });

  /** Why a reply cannot go now: the window closed and the channel has no other way (a WhatsApp template). */
  protected readonly replyBlocked = computed(() => {
    const window = this.replyWindow();
    return window && !window.open && !this.store.conversation()?.channel.replyOutsideWindow ? window.text : null;
  });

  /**
   * Issue #10: approved templates (WhatsApp) in the composer: the only way once the window closed
   * and no re-engagement template carries text; offered beside the text box otherwise.
   */
  protected readonly templateMode = computed<'only' | 'offer' | null>(() => {
    const window = this.replyWindow();
    if (!window) return null;
    return this.replyBlocked() ? 'only' : 'offer';
  });

  protected readonly composerHint = computed(() => {
    const window = this.replyWindow();
    const status = this.statusHint();
    if (!window) return status;
    // open: the time left; closed with a template: how the reply goes instead
    const how = window.open ? window.text : `${window.text.replace(/: a reply can be sent once the client writes again\.$/, '.')} ${this.store.conversation()?.channel.replyOutsideWindow ?? ''}`;
    return [status, how.trim()].filter(Boolean).join(' ');
  });

  private readonly statusHint = computed(() => {
    switch (this.status()) {
      case ConversationStatus.queued:
        return 'Replying takes this conversation: it will be assigned to you.';
      case ConversationStatus.bot:
        return 'The bot is talking with this visitor. Replying or taking it stops the bot.';
      case ConversationStatus.closed:
        return 'This conversation is closed. Replying reopens it.';
      default:
        return null;
    }
  });
  protected readonly statusLabel = statusLabel;
  protected readonly MessageAuthorType = MessageAuthorType;

  /** SPEC A10: the operator's own last message, while it may be edited (ArrowUp, the pencil). */
  protected readonly editTarget = computed<EditableMessage | null>(() =>
    this.session.canReply() ? this.store.editableMessage(this.session.operator()?.id, this.clock.now()) : null,
  );
  protected readonly saveEdit: SaveEdit = (messageId, body) => this.store.edit(messageId, body);

  protected editMessage(message: EditableMessage): void {
    this.composer()?.startEdit(message);
  }

  protected editingId(): string | null {
    return this.composer()?.editingId() ?? null;
  }

  private renderedCount = 0;
  private revealed: number | null = null;

  /** "Read" under the operator's messages the visitor has seen (SPEC A6). */
  protected readMark(message: Message): string | null {
    // issue #10: a reply sent through a provider says only what the provider reported — never
    // "Delivered" for a message still queued or refused (a failed one shows its reason instead)
    if (message.deliveryStatus) return DELIVERY_MARKS[message.deliveryStatus];
    if (message.authorType !== MessageAuthorType.operator) return null;
    return message.seq <= (this.store.conversation()?.visitorReadSeq ?? 0) ? 'Read' : 'Delivered';
  }

  protected automatedLabel(kind: string): string {
    return kind === 'auto-reply' ? 'automatic reply' : kind === 'bounce' ? 'bounce' : kind === 'bulk' ? 'bulk mail' : 'automated';
  }

  /** The message whose retry is on its way, and why the last retry could not be asked for. */
  protected readonly retrying = signal<string | null>(null);
  protected readonly retryError = signal<{ messageId: string; text: string } | null>(null);

  /** Issue #10: splitting an inbound e-mail off into a new conversation (the message, then where it went or why not). */
  protected readonly splitting = signal<string | null>(null);
  protected readonly splitResult = signal<{ messageId: string; conversationId?: string; error?: string; moved?: boolean } | null>(null);
  /** Issue #10: the conversations a mail can be moved into, loaded when the menu opens. */
  protected readonly moveTargets = signal<'loading' | { list: MailMoveTarget[]; error?: string } | null>(null);

  protected async loadMoveTargets(): Promise<void> {
    this.moveTargets.set('loading');
    const r = await this.store.mailMoveTargets();
    this.moveTargets.set(Array.isArray(r) ? { list: r } : { list: [], error: r.error });
  }

  protected async moveEmail(message: Message, conversationId: string): Promise<void> {
    this.splitting.set(message.id);
    this.splitResult.set(null);
    const r = await this.store.moveEmail(message.id, conversationId);
    this.splitting.set(null);
    this.splitResult.set({ messageId: message.id, moved: true, ...r });
  }

  /** An e-mail the client sent can be split off (the server checks rights and the rest). */
  protected canSplit(message: Message): boolean {
    return message.authorType === 'visitor' && !!message.threadedBy && this.store.conversation()?.channel.type === 'email';
  }

  protected async splitEmail(message: Message): Promise<void> {
    this.splitting.set(message.id);
    this.splitResult.set(null);
    const r = await this.store.splitEmail(message.id);
    this.splitting.set(null);
    this.splitResult.set({ messageId: message.id, ...r });
  }

  protected async retryDelivery(message: Message): Promise<void> {
    this.retrying.set(message.id);
    this.retryError.set(null);
    const error = await this.store.retryDelivery(message.id);
    this.retrying.set(null);
    if (error) this.retryError.set({ messageId: message.id, text: error });
  }

  protected onTyping(text: string): void {
    this.typingReporter.input(text);
  }

  constructor() {
    // live typing, drafts, read marks and edits of the open conversation
    let unsubscribeActivity: (() => void) | null = null;
    effect(() => {
      const id = this.conversationId();
      untracked(() => {
        this.typingReporter.stop();
        this.typingConversationId = id;
        unsubscribeActivity?.();
        unsubscribeActivity = this.realtime.subscribe<{ conversationActivity: ConversationActivity }>(
          CONVERSATION_ACTIVITY,
          { next: (data) => this.store.applyActivity(data.conversationActivity), error: () => undefined },
          { conversationId: id },
        );
      });
    });
    inject(DestroyRef).onDestroy(() => {
      this.typingReporter.stop();
      unsubscribeActivity?.();
    });
    // the operator has read what the open conversation shows while the page is visible
    effect(() => {
      this.store.messages();
      this.store.conversation();
      if (this.session.canReply()) untracked(() => this.markReadIfVisible());
    });
    const onVisible = () => this.markReadIfVisible();
    this.document.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => this.document.removeEventListener('visibilitychange', onVisible));

    effect(() => {
      const id = this.conversationId();
      const seq = parseSeq(this.seq());
      untracked(() => {
        this.renderedCount = 0;
        this.revealed = null;
        this.inbox.selectedId.set(id);
        this.notes.open(id);
        void this.store.openAt(id, seq);
      });
    });
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.store.apply(event));
    // after a reconnect the subscription is in place again: refetch what may have been missed meanwhile
    let seenSubscriptions = this.live.subscriptions();
    effect(() => {
      const count = this.live.subscriptions();
      if (count !== seenSubscriptions) {
        seenSubscriptions = count;
        untracked(() => {
          this.store.reload();
          void this.notes.reload();
        });
      }
    });
    inject(DestroyRef).onDestroy(() => this.inbox.selectedId.set(null));

    // Follow new messages when the operator is at (or near) the bottom, or on first load.
    afterRenderEffect(() => {
      const count = this.store.items().length;
      const element = this.scroller()?.nativeElement;
      const focus = this.store.focusSeq();
      if (element && focus !== null && this.revealed !== focus) {
        const target = element.querySelector<HTMLElement>(`[data-seq="${focus}"]`);
        if (target) {
          this.revealed = focus;
          this.renderedCount = count;
          target.scrollIntoView({ block: 'center' });
          return;
        }
        if (this.store.loading() || this.store.loadingEarlier()) return;
      }
      if (!element || count === this.renderedCount) return;
      const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 160;
      const grewAtEnd = count > this.renderedCount;
      if (this.renderedCount === 0 || (nearBottom && grewAtEnd) || this.lastItemIsMine()) {
        element.scrollTop = element.scrollHeight;
      }
      this.renderedCount = count;
    });
  }

  /** `r` in the workspace. */
  focusComposer(): void {
    this.composer()?.focus();
  }

  protected author(message: Message): string {
    return authorLabel(message, this.store.conversation());
  }

  /** "Snoozed until Tue 14:30" (issue #17), in the operator's zone; the full date as a tooltip. */
  protected snoozedLabel(iso: string): string {
    return snoozedUntilLabel(iso, this.clock.now());
  }

  protected snoozedTitle(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
  }

  protected time(iso: string): string {
    return messageTime(iso, this.clock.now());
  }

  private markReadIfVisible(): void {
    if (!this.session.canReply() || this.document.visibilityState !== 'visible') return;
    // issue #17: the list's unread dot and the view badges follow at once
    void this.store.markRead().then((read) => {
      if (!read) return;
      this.inbox.applyReadMarks(read.marks);
      this.views.markedRead(read.before, read.marks.operatorReadSeq);
    });
  }

  protected send(body: string): void {
    this.typingReporter.stop();
    void this.store.send(body);
  }

  protected sendWithFiles(message: { body: string; attachments: ChatAttachment[] }): void {
    this.typingReporter.stop();
    void this.store.send(message.body, message.attachments);
  }

  protected templateSent(message: Message): void {
    this.typingReporter.stop();
    this.store.addSent(message);
  }

  protected addNote(body: string): void {
    void this.notes.add(body);
  }

  /** A transfer, invitation or merge changed the conversation: show it here and in the list. */
  protected onToolsChanged(conversation: Conversation): void {
    this.store.conversation.set(conversation);
    this.inbox.applyConversation(conversation);
  }

  protected async take(): Promise<void> {
    const conversation = await this.store.take();
    if (conversation) this.inbox.applyConversation(conversation);
  }

  protected async close(): Promise<void> {
    const conversation = await this.store.close();
    if (conversation) this.inbox.applyConversation(conversation);
  }

  private lastItemIsMine(): boolean {
    const items = this.store.items();
    return items.at(-1)?.kind === 'outgoing';
  }
}

