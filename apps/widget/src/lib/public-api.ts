/**
 * `window.Parley`: the host page's handle on the widget.
 *
 *   Parley.open(); Parley.close();
 *   const off = Parley.on('message', (m) => …);   // also 'open', 'close'
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
}
export type ParleyEventName = keyof ParleyEvents;

export interface ParleyApi {
  readonly version: string;
  open(): void;
  close(): void;
  on<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): () => void;
  off<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): void;
}

export interface ApiTarget {
  open(): void;
  close(): void;
}

const EVENTS: readonly string[] = ['message', 'open', 'close'];

export class PublicApi implements ParleyApi {
  readonly version = '0.1.0';
  private target: ApiTarget | null = null;
  /** open/close called before the widget started: the last one wins. */
  private requested: 'open' | 'close' | null = null;
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();

  constructor(private readonly onEarlyCall: () => void = () => undefined) {
    // Methods stay usable when detached (`const { open } = Parley`).
    this.open = this.open.bind(this);
    this.close = this.close.bind(this);
    this.on = this.on.bind(this);
    this.off = this.off.bind(this);
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
    return () => this.off(event, callback);
  }

  off<K extends ParleyEventName>(event: K, callback: ParleyEvents[K]): void {
    this.handlers.get(event)?.delete(callback as (...args: unknown[]) => void);
  }

  /** Calls every handler; a throwing host callback is logged, never propagated into the widget. */
  emit<K extends ParleyEventName>(event: K, ...args: Parameters<ParleyEvents[K]>): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        cb(...args);
      } catch (err) {
        console.error('[parley] error in a Parley.on("' + event + '") callback', err);
      }
    }
  }

  /** The widget started: replay the open/close requested before. */
  attach(target: ApiTarget): void {
    this.target = target;
    const requested = this.requested;
    this.requested = null;
    if (requested === 'open') target.open();
    else if (requested === 'close') target.close();
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
      } catch {
        /* skip */
      }
    }
  }
}
