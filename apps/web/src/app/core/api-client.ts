import { Injectable, inject } from '@angular/core';
import { SessionStore } from '../auth/session-store';
import { isUnauthenticated } from './graphql-error';
import { GraphqlTransport } from './graphql-transport';

/**
 * Authenticated GraphQL requests. On UNAUTHENTICATED it refreshes the session once and retries
 * once; when that fails too the session is over (SessionStore.expire sends the operator to
 * /login?expired=1) and the error is rethrown.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly transport = inject(GraphqlTransport);
  private readonly session = inject(SessionStore);

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const tokenUsed = this.session.accessToken();
    try {
      return await this.transport.request<T>(query, variables, tokenUsed);
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      const current = this.session.accessToken();
      // Another request may already have refreshed while this one was in flight.
      const renewed = current !== null && current !== tokenUsed ? true : await this.session.refresh();
      if (!renewed) {
        this.session.expire();
        throw error;
      }
      try {
        return await this.transport.request<T>(query, variables, this.session.accessToken());
      } catch (retryError) {
        if (isUnauthenticated(retryError)) this.session.expire();
        throw retryError;
      }
    }
  }
}
