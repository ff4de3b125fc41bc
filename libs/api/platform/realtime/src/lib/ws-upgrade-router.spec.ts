import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { WsUpgradeRouter } from './ws-upgrade-router';

describe('WsUpgradeRouter', () => {
  let server: http.Server;
  let router: WsUpgradeRouter;
  let url: string;

  beforeEach(async () => {
    server = http.createServer((_req, res) => res.end('plain http'));
    router = new WsUpgradeRouter();
    router.attach(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await router.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const open = (path: string) =>
    new Promise<{ ws: WebSocket; frames: string[] }>((resolve, reject) => {
      const ws = new WebSocket(url + path);
      const frames: string[] = [];
      ws.on('message', (d) => frames.push(String(d)));
      ws.once('open', () => resolve({ ws, frames }));
      ws.once('error', reject);
    });

  it('answers an unknown path with 404', async () => {
    router.register('/known');
    await expect(open('/unknown')).rejects.toThrow(/404/);
  });

  it('sends the frames of one tick in one write (the socket is corked until the tick ends), in order', async () => {
    const wss = router.register('/echo');
    const observed: Array<{ corkedDuring: number; corkedAfter: number }> = [];
    wss.on('connection', (ws: WebSocket & { _socket?: { writableCorked: number } }) => {
      ws.send('one');
      ws.send('two');
      ws.send('three');
      const corkedDuring = ws._socket?.writableCorked ?? -1;
      process.nextTick(() => observed.push({ corkedDuring, corkedAfter: ws._socket?.writableCorked ?? -1 }));
    });
    const { ws, frames } = await open('/echo');
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toEqual(['one', 'two', 'three']);
    expect(observed).toEqual([{ corkedDuring: 1, corkedAfter: 0 }]);
    ws.close();
  });

  it('keeps sending to a socket after its peer went away without throwing', async () => {
    const wss = router.register('/gone');
    const closed = new Promise<WebSocket>((resolve) => wss.on('connection', (ws: WebSocket) => ws.on('close', () => resolve(ws))));
    const { ws } = await open('/gone');
    ws.terminate();
    const server = await closed;
    expect(() => server.send('late')).not.toThrow();
  });
});
