import { DOCUMENT, DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import { SessionStore } from '../auth/session-store';
import { ApiClient } from '../core/api-client';
import { InboxEvent, Operator } from '../core/models';
import { UPDATE_MY_NOTIFICATION_SETTINGS } from '../core/operations';
import { LiveUpdates } from '../inbox/live-updates';
import { decideNotification, NotificationDecision, SOUND_MIN_INTERVAL_MS, Throttle, updateAnnounced } from './notification-rules';

export type PushPermission = NotificationPermission | 'unsupported';

/**
 * SPEC A7: a sound and a browser notification for new conversations in my queue and new messages
 * in my conversations while I am not looking at them. Listens to the shell's one inbox subscription
 * (LiveUpdates); provided next to it by the top bar's notification menu. The switches are the
 * operator's own (`updateMyNotificationSettings`).
 */
@Injectable()
export class Notifier {
  private readonly session = inject(SessionStore);
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly soundThrottle = new Throttle(SOUND_MIN_INTERVAL_MS);
  private readonly announced = new Set<string>();
  private readonly overrides = signal<Pick<Operator, 'soundEnabled' | 'pushEnabled'>>({});
  private audio: AudioContext | null = null;
  private openConversationId: string | null = null;

  readonly soundEnabled = computed(() => this.overrides().soundEnabled ?? this.session.operator()?.soundEnabled ?? true);
  readonly pushEnabled = computed(() => this.overrides().pushEnabled ?? this.session.operator()?.pushEnabled ?? true);
  readonly permission = signal<PushPermission>(currentPermission());
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);
  /** Sounds played and notifications shown (for the e2e tests and the curious). */
  readonly played = signal(0);
  readonly shown = signal(0);

  constructor() {
    const live = inject(LiveUpdates);
    live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.onEvent(event));
    this.openConversationId = conversationIdOf(this.router.url);
    this.router.events
      .pipe(
        filter((e): e is NavigationEnd => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe((e) => (this.openConversationId = conversationIdOf(e.urlAfterRedirects)));
    inject(DestroyRef).onDestroy(() => void this.audio?.close().catch(() => undefined));
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
    if (this.pushEnabled() && currentPermission() === 'granted') this.showNotification(decision);
  }

  /** From a click: asking for permission needs a user gesture. */
  async setPush(enabled: boolean): Promise<void> {
    this.error.set(null);
    if (enabled && currentPermission() === 'unsupported') {
      this.error.set('This browser does not support notifications.');
      return;
    }
    if (enabled && currentPermission() !== 'granted') {
      const answer = await Notification.requestPermission();
      this.permission.set(answer);
      if (answer !== 'granted') {
        this.error.set('Notifications are blocked for this site. Allow them in the browser’s site settings.');
        return;
      }
    }
    await this.save({ pushEnabled: enabled });
  }

  async setSound(enabled: boolean): Promise<void> {
    this.error.set(null);
    // a click is the moment browsers allow audio to start
    if (enabled) this.ensureAudio();
    await this.save({ soundEnabled: enabled });
  }

  private async save(patch: Pick<Operator, 'soundEnabled' | 'pushEnabled'>): Promise<void> {
    const before = this.overrides();
    this.overrides.set({ ...before, ...patch });
    this.saving.set(true);
    try {
      await this.api.request(UPDATE_MY_NOTIFICATION_SETTINGS, { input: patch });
    } catch {
      this.overrides.set(before);
      this.error.set('Could not save the notification setting. Try again.');
    } finally {
      this.saving.set(false);
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

function currentPermission(): PushPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** `/inbox/<id>` → id. */
export function conversationIdOf(url: string): string | null {
  const match = /^\/inbox\/([^/?#]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}
