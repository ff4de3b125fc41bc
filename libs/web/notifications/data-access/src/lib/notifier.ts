import { DOCUMENT, DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import { SessionStore } from '@parley/web/shared/data-access';
import { InboxEvent } from '@parley/web/shared/data-access';
import { LiveUpdates } from '@parley/web/inbox/data-access';
import { decideNotification, NotificationDecision, SOUND_MIN_INTERVAL_MS, Throttle, updateAnnounced } from './notification-rules';

/**
 * SPEC A7: a sound and a browser notification for new conversations in my queue and new messages
 * in my conversations while I am not looking at them. Listens to the shell's one inbox subscription
 * (LiveUpdates) and is provided next to it by the workspace shell. The switches are the operator's
 * own (`soundEnabled` / `pushEnabled`, set on the profile page, which also asks the browser's
 * permission from the click that turns notifications on).
 */
@Injectable()
export class Notifier {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly soundThrottle = new Throttle(SOUND_MIN_INTERVAL_MS);
  private readonly announced = new Set<string>();
  private audio: AudioContext | null = null;
  private openConversationId: string | null = null;

  readonly soundEnabled = computed(() => this.session.operator()?.soundEnabled ?? true);
  readonly pushEnabled = computed(() => this.session.operator()?.pushEnabled ?? true);
  /** Sounds played and notifications shown (for tests and the curious). */
  readonly played = signal(0);
  readonly shown = signal(0);

  constructor() {
    inject(LiveUpdates)
      .events.pipe(takeUntilDestroyed())
      .subscribe((event) => this.onEvent(event));
    this.openConversationId = conversationIdOf(this.router.url);
    this.router.events
      .pipe(
        filter((e): e is NavigationEnd => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe((e) => (this.openConversationId = conversationIdOf(e.urlAfterRedirects)));
    // browsers let audio start only after a user gesture: unlock it on the first one
    const unlock = () => this.ensureAudio();
    this.document.addEventListener('pointerdown', unlock, { once: true, capture: true });
    this.document.addEventListener('keydown', unlock, { once: true, capture: true });
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('pointerdown', unlock, { capture: true });
      this.document.removeEventListener('keydown', unlock, { capture: true });
      void this.audio?.close().catch(() => undefined);
    });
  }

  onEvent(event: InboxEvent): void {
    const me = this.session.operator();
    if (!me) return;
    const decision = decideNotification(event, {
      me: { id: me.id, role: me.role },
      openConversationId: this.openConversationId,
      tabVisible: this.document.visibilityState === 'visible',
      announced: this.announced,
    });
    updateAnnounced(this.announced, event, decision);
    if (!decision) return;
    if (this.soundEnabled() && this.soundThrottle.tryAcquire()) this.playChime();
    if (this.pushEnabled() && typeof Notification !== 'undefined' && Notification.permission === 'granted') this.showNotification(decision);
  }

  /**
   * Issue #11 (E4): a task of mine is due (the bell's `task_due` notification) — the chime and a
   * browser notification, by the same switches; a click brings Parley to the front and opens the
   * conversation, or the client's card when it names no conversation (a task's notification).
   */
  taskDue(task: { id: string; title: string; body: string; conversationId: string | null; contactId?: string | null }): void {
    if (this.announced.has(`task:${task.id}`)) return;
    this.announced.add(`task:${task.id}`);
    if (this.soundEnabled() && this.soundThrottle.tryAcquire()) this.playChime();
    if (!this.pushEnabled() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    try {
      const n = new Notification(task.title, { body: task.body, tag: `parley-task-${task.id}` });
      n.onclick = () => {
        window.focus();
        if (task.conversationId) void this.router.navigate(['/inbox', task.conversationId]);
        else if (task.contactId) void this.router.navigate(['/clients'], { queryParams: { client: task.contactId } });
        n.close();
      };
      this.shown.update((x) => x + 1);
    } catch {
      // some browsers only allow notifications from a service worker; the bell and the sound remain
    }
  }

  private ensureAudio(): AudioContext | null {
    const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctor) return null;
    this.audio ??= new Ctor();
    if (this.audio.state === 'suspended') void this.audio.resume().catch(() => undefined);
    return this.audio;
  }

  /** A short two-note chime made with WebAudio (no file to download). */
  private playChime(): void {
    const ctx = this.ensureAudio();
    if (!ctx) return;
    const start = ctx.currentTime;
    [880, 1318.5].forEach((frequency, i) => {
      const at = start + i * 0.12;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.28);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.3);
    });
    this.played.update((n) => n + 1);
  }

  private showNotification(d: NotificationDecision): void {
    try {
      const n = new Notification(d.title, { body: d.body, tag: `parley-${d.conversationId}` });
      n.onclick = () => {
        window.focus();
        void this.router.navigate(['/inbox', d.conversationId]);
        n.close();
      };
      this.shown.update((x) => x + 1);
    } catch {
      // some browsers only allow notifications from a service worker; the sound still plays
    }
  }
}

/** `/inbox/<id>` → id. */
export function conversationIdOf(url: string): string | null {
  const match = /^\/inbox\/([^/?#]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}
