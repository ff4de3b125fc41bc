import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * Several WebSocket endpoints share the HTTP server's port: `/graphql` (graphql-ws) and
 * `/ws/visitor` (the widget). `ws` servers attached with `{ server, path }` reject each other's
 * upgrades, so each runs with `noServer` and this router hands every upgrade to the one whose
 * path matches; an unknown path gets 404.
 */
export class WsUpgradeRouter {
  private readonly routes = new Map<string, WebSocketServer>();
  private attached = false;

  register(path: string, options: ConstructorParameters<typeof WebSocketServer>[0] = {}): WebSocketServer {
    if (this.routes.has(path)) throw new Error(`a WebSocket endpoint is already registered at ${path}`);
    const wss = new WebSocketServer({ ...options, noServer: true });
    this.routes.set(path, wss);
    return wss;
  }

  attach(server: Server): void {
    if (this.attached) return;
    this.attached = true;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = (req.url ?? '/').split('?')[0];
      const wss = this.routes.get(pathname);
      if (!wss) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceSends(ws, socket);
        wss.emit('connection', ws, req);
      });
    });
  }

  async close(): Promise<void> {
    for (const wss of this.routes.values()) {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    }
    this.routes.clear();
  }
}

/**
 * The frames a socket is sent in one tick (an ack and a routing frame, or the dozens of messages a
 * written batch delivers to an agent) leave in one write: the first send corks the TCP socket and
 * it is uncorked once the current callbacks and promise jobs have run. A syscall per frame was the
 * largest cost of the message path (see README "Benchmarks").
 */
export function coalesceSends(ws: WebSocket, socket: Duplex): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  ws.send = ((...args: unknown[]) => {
    if (!corked && ws.readyState === WebSocket.OPEN) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    send(...args);
  }) as WebSocket['send'];
}
