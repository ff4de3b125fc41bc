import { Injectable, InjectionToken, inject } from '@angular/core';
import type { TypedDocumentString } from './generated/graphql';
import { GraphqlErrorEntry, GraphqlRequestError } from '@parley/web/shared/util';

export const GRAPHQL_ENDPOINT = new InjectionToken<string>('GRAPHQL_ENDPOINT', {
  providedIn: 'root',
  factory: () => '/graphql',
});

/** The fetch the transport uses; replaced in tests. */
export const FETCH = new InjectionToken<typeof fetch>('FETCH', {
  providedIn: 'root',
  factory: () => (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
});

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlErrorEntry[];
}

/**
 * One GraphQL request over HTTP. Sends cookies (the refresh token lives in the httpOnly
 * `parley_rt` cookie) and, when given, the access token as a Bearer header.
 * Knows nothing about sessions: see ApiClient for refresh-and-retry.
 */
@Injectable({ providedIn: 'root' })
export class GraphqlTransport {
  private readonly endpoint = inject(GRAPHQL_ENDPOINT);
  private readonly fetchFn = inject(FETCH);

  /** With a generated typed document the result and the variables are typed from the schema. */
  request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables?: NoInfer<TVariables>, accessToken?: string | null): Promise<TResult>;
  request<T>(query: string, variables?: Record<string, unknown>, accessToken?: string | null): Promise<T>;
  async request<T>(query: string, variables: Record<string, unknown> = {}, accessToken?: string | null): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (accessToken) headers['authorization'] = `Bearer ${accessToken}`;

    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch (cause) {
      throw GraphqlRequestError.network(cause);
    }

    let payload: GraphqlResponse<T>;
    try {
      payload = (await response.json()) as GraphqlResponse<T>;
    } catch {
      throw GraphqlRequestError.network(new Error(`HTTP ${response.status}, not a GraphQL response`));
    }

    const errors = payload?.errors ?? [];
    if (errors.length > 0) {
      const first = errors[0];
      throw new GraphqlRequestError(first.extensions?.code ?? 'INTERNAL', first.message, errors);
    }
    if (payload?.data == null) {
      throw GraphqlRequestError.network(new Error(`HTTP ${response.status} without data`));
    }
    return payload.data;
  }
}
