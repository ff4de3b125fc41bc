import IORedis from 'ioredis';
import { EventBus, EventHandler } from './event-bus';

/** One publisher and one subscriber connection per process; Redis channels are ref-counted. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly pub: IORedis;
  private readonly sub: IORedis;
  private readonly topics = new Map<string, Set<EventHandler>>();

  constructor(redisUrl: string, private readonly prefix = 'parley:') {
    // auto-pipelining: the publishes of one tick (a written batch of messages publishes several
    // per message) go out in one write instead of one syscall each
    this.pub = new IORedis(redisUrl, { enableAutoPipelining: true });
    // No ready check on the subscriber: a SUBSCRIBE sent while the connection is still in its
    // handshake puts it in subscriber mode, the ready check's INFO then fails, and ioredis drops
    // and re-opens the connection — losing whatever is published meanwhile.
    this.sub = new IORedis(redisUrl, { enableReadyCheck: false });
    this.sub.on('message', (channel: string, message: string) => {
      const handlers = this.topics.get(channel.slice(this.prefix.length));
      if (!handlers) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        return;
      }
      for (const h of [...handlers]) {
        try {
          h(payload);
        } catch {
          // a subscriber's failure is its own
        }
      }
    });
  }

  async publish<T>(topic: string, payload: T): Promise<void> {
    await this.pub.publish(this.prefix + topic, JSON.stringify(payload));
  }

  async subscribe<T>(topic: string, handler: EventHandler<T>): Promise<() => void> {
    let set = this.topics.get(topic);
    if (!set) {
      this.topics.set(topic, (set = new Set()));
      await this.sub.subscribe(this.prefix + topic);
    }
    set.add(handler as EventHandler);
    return () => {
      if (!set) return;
      set.delete(handler as EventHandler);
      if (set.size === 0 && this.topics.get(topic) === set) {
        this.topics.delete(topic);
        void this.sub.unsubscribe(this.prefix + topic).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.topics.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
