/**
 * `window.Parley`: the host page's handle on the widget.
 *
 *   Parley.open(); Parley.close();
 *   const off = Parley.on('message', (m) => …);   // also 'open', 'close', 'ready'
 *   Parley.identify({ email, name, phone, externalId, hash });   // hash: HMAC-SHA256 made by the site's server
 *   Parley.setCart([{ id, name, quantity, price?, currency?, url?, sku?, imageUrl? }]);   // price "18.50" or 18.5, with currency
 *   Parley.track('added_to_cart', { sku: 'A1' });
 *   Parley.visitorId();   // this visitor's id (null before the widget first connected), for the shop's server:
 *                         // PUT /api/v1/visitors/:id/cart with a workspace API key
 *
 * Calls made before widget.js loaded can be queued with the usual snippet:
 *   window.Parley = window.Parley || { q: [] };  Parley.q.push(['on', 'open', fn], ['open']);
 * (entries are arrays or `arguments` objects: method name first). They run once the widget loads.
 */
import type { VisitorMessage } from '@parley/shared/contracts';

export interface ParleyEvents {
  message: (message: VisitorMessage) => void;
  open: () => void;
  close: () => void;
  /** The widget connected and knows its settings (called at once for late subscribers). */
  ready: () => void;
}

export interface IdentifyData {
  email?: string;
  name?: string;
  phone?: string;
  externalId?: string;
  /** Hex HMAC-SHA256(externalId || email, channel identity secret), computed on the site's server. */
  hash?: string;
}
export type ParleyEventName = keyof ParleyEvents;

export interface ParleyApi {
  readonly version: string;
  open(): void;
  close(): void;
  on<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): () => void;
  off<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): void;
  identify(data: IdentifyData): void;
  setCart(items: unknown[]): void;
  track(event: string, data?: Record<string, unknown>): void;
  /** The visitor's id (null before the widget first connected), for the shop's server-side cart endpoint. */
  visitorId(): string | null;
}

export interface ApiTarget {
  open(): void;
  close(): void;
  identify?(data: IdentifyData): void;
  setCart?(items: unknown[]): void;
  track?(event: string, data?: Record<string, unknown>): void;
  visitorId?(): string | null;
}

const EVENTS: readonly string[] = ['message', 'open', 'close', 'ready'];
type Call = ['identify', IdentifyData] | ['setCart', unknown[]] | ['track', string, Record<string, unknown> | undefined];

export class PublicApi implements ParleyApi {
  readonly version = '0.1.0';
  private target: ApiTarget | null = null;
  /** open/close called before the widget started: the last one wins. */
  private requested: 'open' | 'close' | null = null;
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  /** identify / setCart / track called before the widget started (replayed in order, bounded). */
  private calls: Call[] = [];
  private isReady = false;

  constructor(private readonly onEarlyCall: () => void = () => undefined) {
    // Methods stay usable when detached (`const { open } = Parley`).
    this.open = this.open.bind(this);
    this.close = this.close.bind(this);
    this.on = this.on.bind(this);
    this.off = this.off.bind(this);
    this.identify = this.identify.bind(this);
    this.setCart = this.setCart.bind(this);
    this.track = this.track.bind(this);
    this.visitorId = this.visitorId.bind(this);
  }

  visitorId(): string | null {
    return this.target?.visitorId?.() ?? null;
  }

  identify(data: IdentifyData): void {
    if (!data || typeof data !== 'object') return warn('Parley.identify needs an object: { email, name, phone, externalId, hash }');
    const clean: IdentifyData = {};
    for (const k of ['email', 'name', 'phone', 'externalId', 'hash'] as const) if (typeof data[k] === 'string' && data[k]) clean[k] = data[k];
    this.call(['identify', clean]);
  }

  setCart(items: unknown[]): void {
    if (!Array.isArray(items)) return warn('Parley.setCart needs a list of items');
    this.call(['setCart', items]);
  }

  track(event: string, data?: Record<string, unknown>): void {
    if (typeof event !== 'string' || !event) return warn('Parley.track needs an event name');
    this.call(['track', event, data && typeof data === 'object' ? data : undefined]);
  }

  private call(c: Call): void {
    const t = this.target;
    if (!t) {
      if (this.calls.length < 50) this.calls.push(c);
      return;
    }
    if (c[0] === 'identify') t.identify?.(c[1]);
    else if (c[0] === 'setCart') t.setCart?.(c[1]);
    else t.track?.(c[1], c[2]);
  }

  open(): void {
    if (this.target) this.target.open();
    else {
      this.requested = 'open';
      this.onEarlyCall();
    }
  }

  close(): void {
    if (this.target) this.target.close();
    else this.requested = 'close';
  }

  on<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): () => void {
    if (!EVENTS.includes(event) || typeof callback !== 'function') return () => undefined;
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(callback as (...args: unknown[]) => void);
    if (event === 'ready' && this.isReady) queueMicrotask(() => this.emitTo(callback as () => void, 'ready'));
    return () => this.off(event, callback);
  }

  off<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): void {
    this.handlers.get(event)?.delete(callback as (...args: unknown[]) => void);
  }

  /** Calls every handler; a throwing host callback is logged, never propagated into the widget. */
  emit<K extends ParleyEventName>(event: K, ...args: Parameters<ParleyEvents[K]>): void {
    if (event === 'ready') {
      if (this.isReady) return;
      this.isReady = true;
    }
    const set = this.handlers.get(event);
    if (!set) return;
    for (const cb of [...set]) this.emitTo(cb, event, ...args);
  }

  private emitTo(cb: (...args: never[]) => void, event: string, ...args: unknown[]): void {
    try {
      (cb as (...a: unknown[]) => void)(...args);
    } catch (err) {
      console.error('[parley] error in a Parley.on("' + event + '") callback', err);
    }
  }

  /** The widget started: replay the open/close requested before. */
  attach(target: ApiTarget): void {
    this.target = target;
    const requested = this.requested;
    this.requested = null;
    if (requested === 'open') target.open();
    else if (requested === 'close') target.close();
    const calls = this.calls;
    this.calls = [];
    for (const c of calls) this.call(c);
  }

  /** Runs queued calls (`[['open'], ['on', 'message', fn]]`); bad entries are skipped. */
  drain(queue: unknown): void {
    if (!Array.isArray(queue)) return;
    for (const entry of queue) {
      if (!entry || typeof entry !== 'object' || typeof (entry as ArrayLike<unknown>).length !== 'number') continue;
      const [method, ...args] = Array.prototype.slice.call(entry as ArrayLike<unknown>);
      try {
        if (method === 'open') this.open();
        else if (method === 'close') this.close();
        else if (method === 'on') this.on(args[0] as ParleyEventName, args[1] as ParleyEvents[ParleyEventName]);
        else if (method === 'off') this.off(args[0] as ParleyEventName, args[1] as ParleyEvents[ParleyEventName]);
        else if (method === 'identify') this.identify(args[0] as IdentifyData);
        else if (method === 'setCart') this.setCart(args[0] as unknown[]);
        else if (method === 'track') this.track(args[0] as string, args[1] as Record<string, unknown>);
      } catch {
        /* skip */
      }
    }
  }
}

function warn(message: string): void {
  if (typeof console !== 'undefined') console.warn('[parley] ' + message);
}
