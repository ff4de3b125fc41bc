import { Injectable, inject } from '@angular/core';
import { DocumentNode, print } from 'graphql';
import { SessionStore } from './session-store';
import type { TypedDocumentString } from './generated/graphql';
import { isUnauthenticated, isUnavailable } from '@parley/web/shared/util';
import { GraphqlTransport } from './graphql-transport';
import { ServiceStatus } from './service-status';

/**
 * Waits before each new attempt of a query answered UNAVAILABLE (the server's database or Redis did
 * not answer): about half a minute in all, then the error reaches the screen that asked.
 */
export const UNAVAILABLE_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];

/** Whether a document is a query (safe to send again); mutations are not retried by themselves. */
export function isQueryDocument(query: string): boolean {
  const first = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription|fragment|\{)/.exec(query)?.[1];
  return first === 'query' || first === '{' || (first === 'fragment' && !/\bmutation\s*[\w({]/.test(query));
}

/** A parsed document typed with its result and variables (the shape of @graphql-typed-document-node/core's). */
export interface TypedDocumentNode<TResult, TVariables> extends DocumentNode {
  __apiType?: (variables: TVariables) => TResult;
}

/** A typed document: one of the data-access libraries' generated/graphql.ts (the very string the app sends) or a parsed one. */
export type TypedDocument<TResult, TVariables> = TypedDocumentString<TResult, TVariables> | TypedDocumentNode<TResult, TVariables>;

/** The variables argument: optional when the operation has no required variable. */
type VariablesArg<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/**
 * Authenticated GraphQL requests. On UNAUTHENTICATED it refreshes the session once and retries
 * once; when that fails too the session is over (SessionStore.expire sends the operator to
 * /login?expired=1) and the error is rethrown. A query answered UNAVAILABLE (retriable: an outage
 * of the server's database or Redis) is sent again with backoff while ServiceStatus shows
 * "Service unavailable, retrying…"; a mutation's UNAVAILABLE reaches its screen at once
 * (describeError says to try again).
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly transport = inject(GraphqlTransport);
  private readonly session = inject(SessionStore);
  private readonly status = inject(ServiceStatus);
  /** Replaced in tests. */
  wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /**
   * With a typed document (`request(LoginDocument, { input })`) the result and the variables are the
   * generated types of that operation; a plain string with a type argument is still accepted.
   */
  request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...variables: VariablesArg<NoInfer<TVariables>>): Promise<TResult>;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  async request<T>(document: string | DocumentNode, variables: Record<string, unknown> = {}): Promise<T> {
    const query = typeof document === 'string' ? document : print(document);
    if (!isQueryDocument(query)) return this.requestOnce<T>(query, variables);
    let done: (() => void) | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.requestOnce<T>(query, variables);
        } catch (error) {
          if (!isUnavailable(error) || attempt >= UNAVAILABLE_RETRY_DELAYS_MS.length) throw error;
          done ??= this.status.retry();
          await this.wait(UNAVAILABLE_RETRY_DELAYS_MS[attempt]);
        }
      }
    } finally {
      done?.();
    }
  }

  private async requestOnce<T>(query: string, variables: Record<string, unknown>): Promise<T> {
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
