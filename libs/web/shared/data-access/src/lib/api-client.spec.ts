import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from './session-store';
import { parse } from 'graphql';
import { ApiClient, isQueryDocument, TypedDocumentNode, UNAVAILABLE_RETRY_DELAYS_MS } from './api-client';
import { SearchDocument, SearchQuery } from './generated/graphql';
import { SEARCH } from './operations';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { FETCH } from './graphql-transport';
import { ServiceStatus } from './service-status';

interface Call {
  query: string;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
}

/** A fake /graphql: `handle` answers each request body; every call is recorded. */
function setup(handle: (query: string, authorization: string | null) => object) {
  const calls: Call[] = [];
  const fetchFn = jest.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const { query } = JSON.parse(String(init?.body)) as { query: string };
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const authorization = headers['authorization'] ?? null;
    calls.push({ query, authorization, credentials: init?.credentials });
    const body = handle(query, authorization);
    return { status: 200, json: async () => body } as Response;
  });
  TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: FETCH, useValue: fetchFn }] });
  const router = TestBed.inject(Router);
  const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
  jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  return { calls, api: TestBed.inject(ApiClient), session: TestBed.inject(SessionStore), navigate };
}

const unauthenticated = { errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] };
const authPayload = (token: string) => ({
  accessToken: token,
  accessTokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  operator: { id: 'op1', email: 'anna@demo.test', displayName: 'Anna', role: OperatorRole.agent },
  workspace: { id: 'w1', name: 'Demo', slug: 'demo' },
});
const isRefresh = (query: string) => query.includes('refreshSession');
const isLogin = (query: string) => query.includes('login(');

async function signIn(session: SessionStore): Promise<void> {
  await session.login('anna@demo.test', 'parley-demo');
}

describe('ApiClient with SessionStore', () => {
  it('sends the access token and same-origin cookies', async () => {
    const { api, session, calls } = setup((query) =>
      isLogin(query) ? { data: { login: authPayload('t1') } } : { data: { me: { id: 'op1' } } },
    );
    await signIn(session);
    await expect(api.request('query { me { id } }')).resolves.toEqual({ me: { id: 'op1' } });
    expect(calls.at(-1)).toEqual({ query: 'query { me { id } }', authorization: 'Bearer t1', credentials: 'same-origin' });
  });

  it('on UNAUTHENTICATED refreshes once and retries with the new token', async () => {
    const { api, session, calls } = setup((query, authorization) => {
      if (isLogin(query)) return { data: { login: authPayload('old') } };
      if (isRefresh(query)) return { data: { refreshSession: authPayload('new') } };
      return authorization === 'Bearer new' ? { data: { ok: true } } : unauthenticated;
    });
    await signIn(session);
    await expect(api.request('query { ok }')).resolves.toEqual({ ok: true });
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
    expect(calls.map((c) => c.authorization)).toEqual([null, 'Bearer old', null, 'Bearer new']);
    expect(session.accessToken()).toBe('new');
  });

  it('shares one refresh between concurrent requests that fail together', async () => {
    const { api, session, calls } = setup((query, authorization) => {
      if (isLogin(query)) return { data: { login: authPayload('old') } };
      if (isRefresh(query)) return { data: { refreshSession: authPayload('new') } };
      return authorization === 'Bearer new' ? { data: { ok: true } } : unauthenticated;
    });
    await signIn(session);
    await Promise.all([api.request('query { a }'), api.request('query { b }'), api.request('query { c }')]);
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
  });

  it('ends the session and goes to /login?expired=1 when the refresh fails', async () => {
    const { api, session, calls, navigate } = setup((query) => {
      if (isLogin(query)) return { data: { login: authPayload('old') } };
      return unauthenticated;
    });
    const ended = jest.fn();
    session.onEnd(ended);
    await signIn(session);
    await expect(api.request('query { ok }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
    expect(session.isAuthenticated()).toBe(false);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { expired: 1 } });
  });

  it('does not refresh a second time when the retry is rejected too', async () => {
    const { api, session, calls, navigate } = setup((query) => {
      if (isLogin(query)) return { data: { login: authPayload('old') } };
      if (isRefresh(query)) return { data: { refreshSession: authPayload('new') } };
      return unauthenticated;
    });
    await signIn(session);
    await expect(api.request('query { ok }')).rejects.toBeInstanceOf(GraphqlRequestError);
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
    expect(calls.filter((c) => c.query === 'query { ok }')).toHaveLength(2);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { expired: 1 } });
  });

  it('passes other errors through without refreshing', async () => {
    const { api, session, calls } = setup((query) => {
      if (isLogin(query)) return { data: { login: authPayload('t1') } };
      return { errors: [{ message: 'Nope', extensions: { code: 'FORBIDDEN' } }] };
    });
    await signIn(session);
    await expect(api.request('mutation { x }')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls.some((c) => isRefresh(c.query))).toBe(false);
    expect(session.isAuthenticated()).toBe(true);
  });
});

describe('SessionStore', () => {
  it('restores the session from the cookie once, however often it is asked', async () => {
    const { session, calls } = setup(() => ({ data: { refreshSession: authPayload('restored') } }));
    const results = await Promise.all([session.restore(), session.restore()]);
    await session.restore();
    expect(results).toEqual([true, true]);
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
    expect(session.operator()?.displayName).toBe('Anna');
    expect(session.canReply()).toBe(true);
  });

  it('stays signed out without a valid cookie, without announcing an expiry', async () => {
    const { session, navigate } = setup(() => unauthenticated);
    await expect(session.restore()).resolves.toBe(false);
    expect(session.isAuthenticated()).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('rejects a wrong password with INVALID_CREDENTIALS and stays signed out', async () => {
    const { session } = setup(() => ({ errors: [{ message: 'Invalid', extensions: { code: 'INVALID_CREDENTIALS' } }] }));
    await expect(session.login('anna@demo.test', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(session.isAuthenticated()).toBe(false);
  });

  it('observers may not reply', async () => {
    const { session } = setup(() => ({
      data: { login: { ...authPayload('t'), operator: { ...authPayload('t').operator, role: OperatorRole.observer } } },
    }));
    await signIn(session);
    expect(session.canReply()).toBe(false);
  });

  it('logout calls the API with the token, clears the state and notifies listeners even when the call fails', async () => {
    let failLogout = true;
    const { session, calls } = setup((query) => {
      if (isLogin(query)) return { data: { login: authPayload('t1') } };
      if (failLogout) return { errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] };
      return { data: { logout: true } };
    });
    const ended = jest.fn();
    session.onEnd(ended);
    await signIn(session);
    await session.logout();
    failLogout = false;
    expect(calls.at(-1)).toMatchObject({ query: expect.stringContaining('logout'), authorization: 'Bearer t1' });
    expect(session.accessToken()).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('logout(true) asks the API to end every session (allDevices), a plain logout only this one', async () => {
    const bodies: Array<{ query: string; variables?: Record<string, unknown> }> = [];
    const { session } = setup((query) => (isLogin(query) ? { data: { login: authPayload('t1') } } : { data: { logout: true } }));
    const fetchFn = TestBed.inject(FETCH) as unknown as jest.Mock;
    await signIn(session);
    await session.logout(true);
    await signIn(session);
    await session.logout();
    for (const [, init] of fetchFn.mock.calls) bodies.push(JSON.parse(String((init as RequestInit).body)));
    const logouts = bodies.filter((b) => b.query.includes('logout'));
    expect(logouts.map((b) => b.variables ?? {})).toEqual([{ allDevices: true }, {}]);
    expect(session.accessToken()).toBeNull();
  });

  it('ensureFresh refreshes only when the token is about to expire', async () => {
    const { session, calls } = setup((query) =>
      isLogin(query) ? { data: { login: authPayload('t1') } } : { data: { refreshSession: authPayload('t2') } },
    );
    await signIn(session);
    await session.ensureFresh();
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(0);
    await session.ensureFresh(Date.now() + 15 * 60_000);
    expect(calls.filter((c) => isRefresh(c.query))).toHaveLength(1);
    expect(session.accessToken()).toBe('t2');
  });
});

describe('ApiClient during an outage (UNAVAILABLE, retriable)', () => {
  const unavailable = { errors: [{ message: 'Service unavailable', extensions: { code: 'UNAVAILABLE', retriable: true } }] };

  it('sends a query again with backoff while "Service unavailable, retrying…" shows, and resolves once the server answers', async () => {
    let refusals = 2;
    const { api, session, calls } = setup((query) => {
      if (isLogin(query)) return { data: { login: authPayload('t1') } };
      return refusals-- > 0 ? unavailable : { data: { me: { id: 'op1' } } };
    });
    await signIn(session);
    const status = TestBed.inject(ServiceStatus);
    const waits: number[] = [];
    const shown: boolean[] = [];
    api.wait = async (ms) => {
      waits.push(ms);
      shown.push(status.unavailable());
    };
    await expect(api.request('query Me { me { id } }')).resolves.toEqual({ me: { id: 'op1' } });
    expect(calls.filter((c) => c.query.includes('me {'))).toHaveLength(3);
    expect(waits).toEqual(UNAVAILABLE_RETRY_DELAYS_MS.slice(0, 2));
    expect(shown).toEqual([true, true]);
    expect(status.unavailable()).toBe(false);
  });

  it('gives up after the last delay with the UNAVAILABLE error (the screen says to try again), and the banner goes', async () => {
    const { api, session } = setup((query) => (isLogin(query) ? { data: { login: authPayload('t1') } } : unavailable));
    await signIn(session);
    api.wait = async () => undefined;
    const error = await api.request('{ me { id } }').catch((e) => e);
    expect(error).toBeInstanceOf(GraphqlRequestError);
    expect(describeError(error)).toContain('unavailable');
    expect(TestBed.inject(ServiceStatus).unavailable()).toBe(false);
  });

  it('does not send a mutation again by itself', async () => {
    const { api, session, calls } = setup((query) => (isLogin(query) ? { data: { login: authPayload('t1') } } : unavailable));
    await signIn(session);
    api.wait = async () => undefined;
    await expect(api.request('mutation M { markAllRead }')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(calls.filter((c) => c.query.includes('markAllRead'))).toHaveLength(1);
  });

  it('tells queries from mutations', () => {
    expect(isQueryDocument('query X { a }')).toBe(true);
    expect(isQueryDocument('  { a }')).toBe(true);
    expect(isQueryDocument('mutation X { a }')).toBe(false);
    expect(isQueryDocument('\n  mutation($i: I!) { a(i: $i) }')).toBe(false);
  });

  it('sends a generated typed document as the very string of its operations file', async () => {
    const search: SearchQuery = { search: { nodes: [], hasNextPage: false, endCursor: null } };
    const { api, session, calls } = setup((query) => (isLogin(query) ? { data: { login: authPayload('t1') } } : { data: search }));
    await signIn(session);
    // typed from apps/api/schema.gql: the result is SearchQuery, the variables SearchQueryVariables
    const data: SearchQuery = await api.request(SearchDocument, { query: 'zebra', first: 5 });
    expect(data).toEqual(search);
    expect(calls.at(-1)?.query).toBe(SEARCH);
  });

  it('prints a parsed typed document before sending it', async () => {
    const { api, session, calls } = setup((query) => (isLogin(query) ? { data: { login: authPayload('t1') } } : { data: { me: { id: 'op1' } } }));
    await signIn(session);
    const me = parse('query Me { me { id } }') as TypedDocumentNode<{ me: { id: string } }, Record<string, never>>;
    const data = await api.request(me);
    expect(data.me.id).toBe('op1');
    expect(calls.at(-1)?.query).toBe('query Me {\n  me {\n    id\n  }\n}');
  });
});
