import { INestApplication, Logger } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AuthUser, TokenService } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { graphqlErrorFormatter, graphqlValidationRules, inputErrors, withoutSuggestions } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, WsUpgradeRouter } from '@parley/api/platform/realtime';
import { ErrorCode } from '@parley/shared/contracts';
import { execute, ExecutionArgs, GraphQLError, specifiedRules, subscribe, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type WebSocket from 'ws';
import { OperatorSockets } from './operator-sockets';

/** Close code for a socket whose access token expired: graphql-ws clients retry it (4401 would be fatal). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4403;

/** Close code for a socket that does not read its events ("Try Again Later"): graphql-ws clients reconnect, and the operator app refetches. */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;

/** Close code after the event bus lost events (Redis outage): the operator app reconnects and refetches its lists and open thread. */
export const EVENTS_MISSED_CLOSE_CODE = 1012;

/**
 * GraphQL subscriptions over graphql-ws at /graphql. The access token travels in the connection
 * params (never the URL); a missing or invalid one closes the socket with 4403 Forbidden. The
 * token is checked once, at connection, so the socket is closed (4403) when it expires: the
 * operator app reconnects with a fresh token and resubscribes; a revoked session cannot refresh.
 */
export function installGraphqlWs(app: INestApplication): void {
  // GRAPHQL_WS_MAX_SUBSCRIPTIONS, GRAPHQL_WS_MAX_BUFFERED_BYTES
  const { graphqlWsMaxSubscriptions: maxSubscriptions, graphqlWsMaxBufferedBytes: maxBuffered } = app.get(AppConfig);
  const router = app.get(WsUpgradeRouter);
  const tokens = app.get(TokenService);
  const { schema } = app.get(GraphQLSchemaHost);
  const logger = new Logger('GraphQLWs');
  const production = app.get(AppConfig).isProduction;
  const formatGraphqlError = graphqlErrorFormatter({ production });
  const rules = [...specifiedRules, ...graphqlValidationRules()];
  const wss = router.register('/graphql', { maxPayload: 64 * 1024 });
  const operatorSockets = OperatorSockets.for(app);
  wss.on('close', () => operatorSockets.close());
  // events published while Redis was unreachable never reached these sockets: closing them makes the
  // operator app reconnect, and it refetches once its subscription announces itself again (LiveUpdates.subscriptions)
  const offGap = app.get<EventBus>(EVENT_BUS).onGap(() => {
    for (const socket of wss.clients) socket.close(EVENTS_MISSED_CLOSE_CODE, 'Events may have been missed');
  });
  wss.on('close', offGap);
  // registered before useServer's own handler, so it wraps the socket before anything is sent on it
  wss.on('connection', (socket: WebSocket) => capBufferedSends(socket, maxBuffered, logger));
  useServer<Record<string, unknown>, { user?: AuthUser; expiryTimer?: NodeJS.Timeout }>(
    {
      schema,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.['authorization'] ?? ctx.connectionParams?.['Authorization'];
        const match = typeof raw === 'string' ? /^Bearer\s+(\S+)$/i.exec(raw) : null;
        if (!match) return false;
        try {
          // deactivated operators are refused; the current role replaces the token's
          const user = await operatorSockets.admit(tokens.verifyAccessToken(match[1]));
          if (!user) return false;
          ctx.extra.user = user;
          await operatorSockets.add(user, ctx.extra.socket);
          const expiry = tokens.accessTokenExpiry(match[1]);
          if (expiry) {
            const socket = ctx.extra.socket;
            // setTimeout's limit is ~24.8 days; access tokens live minutes, and the config caps them at a day
            ctx.extra.expiryTimer = setTimeout(() => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Access token expired'), Math.max(0, expiry.getTime() - Date.now()));
            ctx.extra.expiryTimer.unref();
          }
          return true;
        } catch {
          return false;
        }
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiryTimer);
        if (ctx.extra.user) operatorSockets.remove(ctx.extra.user.operatorId, ctx.extra.socket);
      },
      // the upgrade request too: a mutation sent over the socket (e.g. login) is rate-limited by its address like over HTTP
      context: (ctx) => ({ user: ctx.extra.user, isSubscription: true, req: ctx.extra.request }),
      // the same validation rules (depth, cost, NUL) and error codes as over HTTP
      validate: (schema, document) => {
        const errors = validate(schema, document, rules);
        return production ? errors.map((e) => new GraphQLError(withoutSuggestions(e.message), { nodes: e.nodes, extensions: e.extensions })) : errors;
      },
      // the same edge checks of argument values as over HTTP (ID arguments are UUIDs, no NUL in text), variables included
      execute: (args: ExecutionArgs) => guarded(args) ?? execute(args),
      subscribe: (args: ExecutionArgs) => guarded(args) ?? subscribe(args),
      // every subscription fans each event out once more: a socket may hold only so many
      onSubscribe: (ctx) => {
        if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
          return [new GraphQLError(`At most ${maxSubscriptions} subscriptions per connection`, { extensions: { code: ErrorCode.RateLimited } })];
        }
        return undefined;
      },
      // the same coded errors as over HTTP (e.g. subscribing to a conversation one may not see)
      onNext: (_ctx, _id, _payload, _args, result) => {
        return result.errors?.length
          ? { ...result, errors: result.errors.map((e) => formatGraphqlError(e instanceof GraphQLError ? e.toJSON() : e, e)) }
          : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug(`subscription error: ${errors.map((e) => e.message).join('; ')}`);
      },
    },
    wss,
  );
}

/** How long a socket closed as a slow consumer may take to read the close before it is cut off. */
const SLOW_CONSUMER_GRACE_MS = 10_000;

/**
 * graphql-ws awaits each frame's write callback before it takes the next event of a subscription,
 * so a peer that stops reading never grows `bufferedAmount` past one frame: its events would wait
 * unseen in the subscription queues (which drop the oldest when full) and the socket would stay
 * open, silently losing events. Here a send completes once the frame is handed to the socket, so
 * the unsent bytes show in `bufferedAmount`; a frame that would take it past `maxBuffered` is not
 * sent, and the socket is closed with 1013 (the operator app reconnects and refetches), then cut
 * off if the peer does not read the close either.
 */
export function capBufferedSends(socket: WebSocket, maxBuffered: number, logger: Logger): void {
  const send = socket.send.bind(socket) as (data: string, cb?: (err?: Error) => void) => void;
  (socket as unknown as { send: (data: string, cb?: (err?: Error) => void) => void }).send = (data, cb) => {
    if (socket.readyState !== socket.OPEN) return cb?.();
    if (socket.bufferedAmount + Buffer.byteLength(data) > maxBuffered) {
      logger.warn(`closing a slow graphql-ws consumer (${socket.bufferedAmount} bytes buffered)`);
      socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer');
      setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
      return cb?.();
    }
    send(data);
    cb?.();
  };
}

/** The edge checks of argument values (inputErrors): their errors as the operation's result, or undefined to run it. */
function guarded(args: ExecutionArgs): { errors: GraphQLError[] } | undefined {
  const errors = inputErrors(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
  return errors.length ? { errors } : undefined;
}
