import { EventBus, EventHandler } from './event-bus';

export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly topics = new Map<string, Set<EventHandler>>();

  async publish<T>(topic: string, payload: T): Promise<void> {
    const handlers = this.topics.get(topic);
    if (!handlers) return;
    // payloads cross a process boundary with Redis; keep the same semantics here
    const copy = JSON.parse(JSON.stringify(payload)) as T;
    for (const h of [...handlers]) {
      try {
        h(copy);
      } catch {
        // a subscriber's failure is its own
      }
    }
  }

  async subscribe<T>(topic: string, handler: EventHandler<T>): Promise<() => void> {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(handler as EventHandler);
    return () => {
      set?.delete(handler as EventHandler);
      if (set?.size === 0) this.topics.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.topics.clear();
  }

  async ping(): Promise<void> {
    // in process: nothing to reach
  }

  /** In memory nothing is ever lost in transit. */
  onGap(): () => void {
    return () => undefined;
  }

  /** Number of topics with subscribers (tests check nothing leaks). */
  get topicCount(): number {
    return this.topics.size;
  }
}
