import WebSocket, { WebSocketServer } from 'ws';
it('x', async () => {
  console.log(typeof WebSocket, typeof WebSocketServer);
  const wss = new WebSocketServer({ port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as any).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/x`);
  await new Promise((res, rej) => { ws.onopen = res; ws.onerror = (e: any) => rej(e.message); });
  console.log('open');
  ws.close(); wss.close();
});
