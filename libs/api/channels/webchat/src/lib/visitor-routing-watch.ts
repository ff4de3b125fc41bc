import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AvailabilityService, ConversationEntity, QueuePosition } from '@parley/api/conversations';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AvailabilityFrame, QueuePositionFrame } from '@parley/shared/contracts';

/** Debounce of recomputations after bursts of inbox/operator events (per workspace). */
export const ROUTING_REFRESH_DEBOUNCE_MS = 250;

/** What the feed needs from a watching socket. */
interface Watcher {
  groupId(): string | null;
  conversationId(): string | null;
  apply(available: boolean | undefined, queue: QueuePosition | undefined): void;
}

/**
 * Routing as the widgets of a workspace see it, computed once per workspace (SPEC B4–B6): after
 * operator or inbox events (debounced), one query for the availability of every group a watcher
 * waits on and one for every watcher's queue position, whatever the number of open widgets —
 * instead of two queries per socket per event.
 */
@Injectable()
export class RoutingFeed implements OnApplicationShutdown {
  private readonly workspaces = new Map<string, { watchers: Set<Watcher>; timer: NodeJS.Timeout | null; offs: Promise<Array<() => void>> }>();

  constructor(
    private readonly availability: AvailabilityService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /** Starts feeding the watcher; returns the function that stops it. */
  async register(workspaceId: string, watcher: Watcher): Promise<() => void> {
    let entry = this.workspaces.get(workspaceId);
    if (!entry) {
      const schedule = () => this.schedule(workspaceId);
      const created = { watchers: new Set<Watcher>(), timer: null, offs: Promise.all([this.bus.subscribe(Topics.operators(workspaceId), schedule), this.bus.subscribe(Topics.inbox(workspaceId), schedule)]) };
      this.workspaces.set(workspaceId, created);
      entry = created;
    }
    entry.watchers.add(watcher);
    await entry.offs;
    return () => this.unregister(workspaceId, watcher);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.workspaces.keys()]) this.drop(id);
  }

  private unregister(workspaceId: string, watcher: Watcher): void {
    const entry = this.workspaces.get(workspaceId);
    if (!entry) return;
    entry.watchers.delete(watcher);
    if (!entry.watchers.size) this.drop(workspaceId);
  }

  private drop(workspaceId: string): void {
    const entry = this.workspaces.get(workspaceId);
    if (!entry) return;
    this.workspaces.delete(workspaceId);
    if (entry.timer) clearTimeout(entry.timer);
    void entry.offs.then((offs) => offs.forEach((off) => off())).catch(() => undefined);
  }

  private schedule(workspaceId: string): void {
    const entry = this.workspaces.get(workspaceId);
    if (!entry || entry.timer) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.refresh(workspaceId).catch(() => undefined);
    }, ROUTING_REFRESH_DEBOUNCE_MS);
    entry.timer.unref?.();
  }

  private async refresh(workspaceId: string): Promise<void> {
    const entry = this.workspaces.get(workspaceId);
    if (!entry?.watchers.size) return;
    const watchers = [...entry.watchers];
    const conversationIds = watchers.map((w) => w.conversationId()).filter((id): id is string => id !== null);
    const queue = await this.availability.queuePositions(workspaceId, conversationIds);
    // a conversation moved to another group counts for that group from now on
    const groupOf = (w: Watcher) => {
      const id = w.conversationId();
      const q = id ? queue.get(id) : undefined;
      return q && q.groupId !== undefined ? q.groupId : w.groupId();
    };
    const available = await this.availability.availableGroups(workspaceId, watchers.map(groupOf));
    for (const w of watchers) {
      const id = w.conversationId();
      w.apply(available.get(groupOf(w)), id ? (queue.get(id) ?? { position: null, etaSeconds: null }) : undefined);
    }
  }
}

/**
 * One visitor socket's view of routing (SPEC B4–B6): whether anyone can take a chat
 * (`availability` frames when it changes) and, while the visitor waits, their place in the queue
 * (`queue` frames when it changes). Live updates come from the workspace's RoutingFeed.
 */
export class VisitorRoutingWatch implements Watcher {
  private available: boolean | null = null;
  private queue: string | null = null;
  private off: (() => void) | null = null;
  private stopped = false;
  private conversation: Pick<ConversationEntity, 'id' | 'groupId'> | null = null;

  constructor(
    private readonly feed: RoutingFeed,
    private readonly availability: AvailabilityService,
    private readonly workspaceId: string,
    /** The group a new chat would go to (from hello). */
    private readonly helloGroupId: string | null,
    private readonly send: (frame: AvailabilityFrame | QueuePositionFrame) => void,
  ) {}

  /** Availability for the welcome frame; then live updates start. */
  async start(conversation: Pick<ConversationEntity, 'id' | 'groupId'> | null): Promise<boolean> {
    this.conversation = conversation;
    this.available = await this.availability.isAvailable(this.workspaceId, this.groupId());
    const off = await this.feed.register(this.workspaceId, this);
    if (this.stopped) off();
    else this.off = off;
    return this.available;
  }

  /** The visitor's conversation started or was followed: send its queue position now. */
  async follow(conversation: Pick<ConversationEntity, 'id' | 'groupId'>): Promise<void> {
    this.conversation = conversation;
    const q = await this.availability.queuePosition(this.workspaceId, conversation.id);
    const available = await this.availability.isAvailable(this.workspaceId, q.groupId !== undefined ? q.groupId : this.groupId());
    this.apply(available, q);
  }

  stop(): void {
    this.stopped = true;
    this.off?.();
    this.off = null;
  }

  groupId(): string | null {
    return this.conversation ? (this.conversation.groupId ?? null) : this.helloGroupId;
  }

  conversationId(): string | null {
    return this.conversation?.id ?? null;
  }

  apply(available: boolean | undefined, q: QueuePosition | undefined): void {
    if (this.stopped) return;
    if (q && this.conversation) {
      if (q.groupId !== undefined) this.conversation = { ...this.conversation, groupId: q.groupId };
      const key = `${q.position}:${q.etaSeconds}`;
      if (key !== this.queue && !(this.queue === null && q.position === null)) {
        this.queue = key;
        this.send({ type: 'queue', position: q.position, etaSeconds: q.etaSeconds });
      }
    }
    if (available !== undefined && available !== this.available) {
      this.available = available;
      this.send({ type: 'availability', available });
    }
  }
}
