import IORedis from 'ioredis';
import { EventBus, EventHandler } from './event-bus';

/** One publisher and one subscriber connection per process; Redis channels are ref-counted. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly pub: IORedis;
  private readonly sub: IORedis;
  private readonly topics = new Map<string, Set<EventHandler>>();
  private readonly gapListeners = new Set<() => void>();
  /** The subscriber connection was lost since it was last ready: events may have been missed. */
  private subLost = false;
  /** A publish failed: its subscribers never got it. */
  private publishFailed = false;
  private closed = false;

  constructor(redisUrl: string, private readonly prefix = 'parley:') {
    // auto-pipelining: the publishes of one tick (a written batch of messages publishes several
    // per message) go out in one write instead of one syscall each
    this.pub = new IORedis(redisUrl, { enableAutoPipelining: true });
    // No ready check on the subscriber: a SUBSCRIBE sent while the connection is still in its
    // handshake puts it in subscriber mode, the ready check's INFO then fails, and ioredis drops
    // and re-opens the connection — losing whatever is published meanwhile.
    this.sub = new IORedis(redisUrl, { enableReadyCheck: false });
    // errors are reported by the commands that fail; without listeners ioredis logs each one
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('close', () => {
      if (!this.closed) this.subLost = true;
    });
    this.sub.on('ready', () => {
      if (this.subLost) void this.recovered();
    });
    this.pub.on('ready', () => {
      if (this.publishFailed && !this.subLost) void this.recovered();
    });
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
    const message = JSON.stringify(payload);
    try {
      await this.pub.publish(this.prefix + topic, message);
    } catch (e) {
      if (this.closed) return;
      // one more try when the connection is back already (a reconnect in between); otherwise the
      // subscribers are told of a gap once it is back — never a silent drop
      try {
        if (this.pub.status !== 'ready') throw e;
        await this.pub.publish(this.prefix + topic, message);
      } catch {
        this.publishFailed = true;
        if (this.pub.status === 'ready' && !this.subLost) void this.recovered();
        throw e;
      }
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pub.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('Redis did not answer')), timeoutMs))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  /**
   * The connection is back: subscribe every topic again (ioredis resubscribes too; awaiting our own
   * SUBSCRIBE means Redis has them all), then tell the listeners they may have missed events.
   */
  private async recovered(): Promise<void> {
    this.subLost = false;
    this.publishFailed = false;
    try {
      const topics = [...this.topics.keys()];
      if (topics.length) await this.sub.subscribe(...topics.map((t) => this.prefix + t));
    } catch {
      // lost again: the next 'ready' runs this again
      this.subLost = true;
      return;
    }
    for (const l of [...this.gapListeners]) {
      try {
        l();
      } catch {
        // a listener's failure is its own
      }
    }
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
    this.closed = true;
    this.gapListeners.clear();
    this.topics.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
