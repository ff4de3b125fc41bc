import { AvailabilityService, ConversationEntity } from '@parley/api/conversations';
import { EventBus, Topics } from '@parley/api/platform/realtime';
import { AvailabilityFrame, QueuePositionFrame } from '@parley/shared/contracts';

/** Debounce of recomputations after bursts of inbox/operator events. */
const REFRESH_DEBOUNCE_MS = 150;

/**
 * One visitor socket's view of routing (SPEC B4–B6): whether anyone can take a chat
 * (`availability` frames when it changes) and, while the visitor waits, their place in the queue
 * (`queue` frames when it changes). Recomputed after operator or inbox events of the workspace.
 */
export class VisitorRoutingWatch {
  private available: boolean | null = null;
  private queue: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private offs: Array<() => void> = [];
  private stopped = false;
  private conversation: Pick<ConversationEntity, 'id' | 'groupId'> | null = null;

  constructor(
    private readonly availability: AvailabilityService,
    private readonly bus: EventBus,
    private readonly workspaceId: string,
    /** The group a new chat would go to (from hello). */
    private readonly helloGroupId: string | null,
    private readonly send: (frame: AvailabilityFrame | QueuePositionFrame) => void,
  ) {}

  /** Availability for the welcome frame; then live updates start. */
  async start(conversation: Pick<ConversationEntity, 'id' | 'groupId'> | null): Promise<boolean> {
    this.conversation = conversation;
    this.available = await this.availability.isAvailable(this.workspaceId, this.groupId());
    const schedule = () => this.schedule();
    this.offs.push(await this.bus.subscribe(Topics.operators(this.workspaceId), schedule));
    this.offs.push(await this.bus.subscribe(Topics.inbox(this.workspaceId), schedule));
    return this.available;
  }

  /** The visitor's conversation started or was followed: send its queue position. */
  follow(conversation: Pick<ConversationEntity, 'id' | 'groupId'>): Promise<void> {
    this.conversation = conversation;
    return this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.offs.forEach((off) => off());
    this.offs = [];
  }

  private groupId(): string | null {
    return this.conversation ? (this.conversation.groupId ?? null) : this.helloGroupId;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh().catch(() => undefined);
    }, REFRESH_DEBOUNCE_MS);
    this.timer.unref?.();
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    if (this.conversation) {
      const q = await this.availability.queuePosition(this.workspaceId, this.conversation.id);
      if (q.groupId !== undefined) this.conversation = { ...this.conversation, groupId: q.groupId };
      const key = `${q.position}:${q.etaSeconds}`;
      if (key !== this.queue && !(this.queue === null && q.position === null)) {
        this.queue = key;
        if (!this.stopped) this.send({ type: 'queue', position: q.position, etaSeconds: q.etaSeconds });
      }
    }
    const available = await this.availability.isAvailable(this.workspaceId, this.groupId());
    if (available !== this.available && !this.stopped) {
      this.available = available;
      this.send({ type: 'availability', available });
    }
  }
}
