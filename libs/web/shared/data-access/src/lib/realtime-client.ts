import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { Client, createClient } from 'graphql-ws';
import { SessionStore } from './session-store';
import type { TypedDocumentString } from './generated/graphql';
import { GRAPHQL_ENDPOINT } from './graphql-transport';

/** The API closes a socket with this code when its session ended; graphql-ws does not retry it. */
export const SESSION_ENDED_CLOSE_CODE = 4401;

export interface SubscriptionSink<T> {
  next(data: T): void;
  error(error: unknown): void;
}

/**
 * The graphql-ws connection: created lazily by the first subscription after login, reconnects
 * forever with back-off, reads the current access token on every (re)connect, closed on logout.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly session = inject(SessionStore);
  private readonly document = inject(DOCUMENT);
  private readonly endpoint = inject(GRAPHQL_ENDPOINT);
  private client: Client | null = null;
  private hasConnected = false;

  readonly connected = signal(false);
  /** Increments on every reconnection after the first connection; consumers refetch what they may have missed. */
  readonly reconnections = signal(0);

  constructor() {
    this.session.onEnd(() => this.close());
  }

  /** With a generated typed document (`subscribe(InboxEventsDocument, sink)`) the events and the variables are typed from the schema. */
  subscribe<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, sink: SubscriptionSink<NoInfer<TResult>>, variables?: NoInfer<TVariables>): () => void;
  subscribe<T>(query: string, sink: SubscriptionSink<T>, variables?: Record<string, unknown>): () => void;
  subscribe<T>(query: string, sink: SubscriptionSink<T>, variables?: Record<string, unknown>): () => void {
    return this.ensureClient().subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.data) sink.next(result.data as T);
        },
        error: (error) => sink.error(error),
        complete: () => undefined,
      },
    );
  }

  close(): void {
    const client = this.client;
    this.client = null;
    this.hasConnected = false;
    this.connected.set(false);
    void client?.dispose();
  }

  private ensureClient(): Client {
    this.client ??= createClient({
      url: this.websocketUrl(),
      lazy: true,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => this.session.isAuthenticated(),
      keepAlive: 20_000,
      connectionParams: async () => {
        if (!(await this.session.ensureFresh())) {
          this.session.expire();
          throw new Error('Session expired');
        }
        return { authorization: `Bearer ${this.session.accessToken()}` };
      },
      on: {
        connected: () => {
          if (this.hasConnected) this.reconnections.update((n) => n + 1);
          this.hasConnected = true;
          this.connected.set(true);
        },
        closed: (event) => {
          this.connected.set(false);
          // 4401: the server ended this session (logout elsewhere, password change, deactivation)
          if ((event as { code?: number } | undefined)?.code === SESSION_ENDED_CLOSE_CODE) this.session.expire();
        },
      },
    });
    return this.client;
  }

  private websocketUrl(): string {
    const location = this.document.location;
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${protocol}//${location.host}${this.endpoint}`;
  }
}
