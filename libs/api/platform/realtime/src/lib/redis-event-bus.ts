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
      set.add(handler as EventHandler);
      await this.subscribeSoon(topic);
    } else {
      set.add(handler as EventHandler);
      // a topic whose SUBSCRIBE is still on its way: this caller too waits until Redis confirmed it
      await this.pending.get(topic);
    }
    return () => {
      if (!set) return;
      set.delete(handler as EventHandler);
      if (set.size === 0 && this.topics.get(topic) === set) {
        this.topics.delete(topic);
        void this.sub.unsubscribe(this.prefix + topic).catch(() => undefined);
      }
    };
  }

  /** Topics to SUBSCRIBE in the next batch, with the promise their callers wait on. */
  private readonly pending = new Map<string, Promise<void>>();
  private batch: { topics: string[]; done: Promise<void> } | null = null;

  /**
   * The topics subscribed in one tick (a crowd of widgets reconnecting: one conversation and one
   * visitor topic each) go to Redis as one SUBSCRIBE with many channels, not one command each.
   */
  private subscribeSoon(topic: string): Promise<void> {
    if (!this.batch) {
      const batch = { topics: [] as string[], done: Promise.resolve() };
      batch.done = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.batch = null;
          // a topic dropped again before the batch went out needs no SUBSCRIBE
          const live = batch.topics.filter((t) => this.topics.has(t));
          const sent = live.length ? this.sub.subscribe(...live.map((t) => this.prefix + t)) : Promise.resolve();
          sent.then(() => resolve(), reject).finally(() => batch.topics.forEach((t) => this.pending.delete(t)));
        });
      });
      this.batch = batch;
    }
    this.batch.topics.push(topic);
    this.pending.set(topic, this.batch.done);
    return this.batch.done;
  }

  async close(): Promise<void> {
    this.topics.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
