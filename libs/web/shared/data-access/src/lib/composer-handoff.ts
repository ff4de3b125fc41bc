import { Injectable, signal } from '@angular/core';
import type { ChatAttachment } from '@parley/shared/contracts';

/**
 * Files another part of the app made for a conversation's composer (the order drawer's printable
 * document): the composer of that conversation takes them among its pending files, where the agent
 * may add text before sending.
 */
@Injectable({ providedIn: 'root' })
export class ComposerHandoff {
  readonly offered = signal<ReadonlyArray<{ conversationId: string; attachment: ChatAttachment }>>([]);

  offer(conversationId: string, attachment: ChatAttachment): void {
    this.offered.update((list) => [...list, { conversationId, attachment }]);
  }

  /** The files offered to this conversation's composer (removed from the offer). */
  take(conversationId: string): ChatAttachment[] {
    const mine = this.offered().filter((o) => o.conversationId === conversationId);
    if (mine.length) this.offered.update((list) => list.filter((o) => o.conversationId !== conversationId));
    return mine.map((o) => o.attachment);
  }
}
