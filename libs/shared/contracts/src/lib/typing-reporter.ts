/**
 * Throttles "is typing" reports (SPEC A6), used by the widget and the operator app: the first keystroke reports at once, then
 * at most one report per `throttleMs` while typing, the last one carrying the newest draft
 * (trailing edge). Clearing the input, sending or leaving the field reports the stop once.
 * Pure: timers and the clock are injected.
 */
import { TYPING_THROTTLE_MS } from './visitor-protocol';

export interface TypingReport {
  active: boolean;
  draft?: string;
}

export interface TypingReporterDeps {
  report: (r: TypingReport) => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  throttleMs?: number;
}

export class TypingReporter {
  private active = false;
  private lastSentAt = -Infinity;
  private lastSentDraft: string | null = null;
  private pendingDraft: string | null = null;
  private timer: unknown = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly throttleMs: number;

  constructor(private readonly deps: TypingReporterDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.throttleMs = deps.throttleMs ?? TYPING_THROTTLE_MS;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The input changed to `text`. */
  input(text: string): void {
    if (!text.trim()) {
      this.stop();
      return;
    }
    const wait = this.lastSentAt + this.throttleMs - this.now();
    if (wait <= 0) {
      this.flush(text);
      return;
    }
    this.pendingDraft = text;
    if (this.timer === null) {
      this.timer = this.setTimer(() => {
        this.timer = null;
        const draft = this.pendingDraft;
        if (draft !== null && this.active) this.flush(draft);
      }, wait);
    }
  }

  /** Send, blur, clear: one `active: false` if a start was reported. */
  stop(): void {
    this.pendingDraft = null;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    if (!this.active) return;
    this.active = false;
    this.lastSentAt = -Infinity;
    this.lastSentDraft = null;
    this.deps.report({ active: false });
  }

  private flush(draft: string): void {
    this.pendingDraft = null;
    if (this.active && draft === this.lastSentDraft) return;
    this.active = true;
    this.lastSentAt = this.now();
    this.lastSentDraft = draft;
    this.deps.report({ active: true, draft });
  }
}
