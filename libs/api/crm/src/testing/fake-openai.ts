import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One chat-completions request as the fake received it. */
export interface FakeChatRequest {
  authorization: string | undefined;
  body: { model: string; messages: Array<{ role: string; content: string }>; max_tokens?: number; temperature?: number; [k: string]: unknown };
}

/** What the next chat-completions request gets: an answer text, an HTTP error, or silence (a timeout). */
export type FakeChatReply =
  | { text: string; delayMs?: number }
  | { status: number; error?: string; headers?: Record<string, string> }
  | { hang: true };

/**
 * A local HTTP server speaking the OpenAI chat-completions protocol (POST /v1/chat/completions,
 * GET /v1/models) for tests of the AI summary through the real `openai` client. Replies are
 * queued with `reply()`; with none queued it answers `defaultText`. Requests are recorded.
 */
export class FakeOpenAi {
  readonly requests: FakeChatRequest[] = [];
  readonly replies: FakeChatReply[] = [];
  models = ['gpt-4o-mini', 'llama3.1'];
  /** The key every request must carry (`Bearer …`); null accepts any. */
  apiKey: string | null = 'sk-test-key';
  defaultText = 'Need: —\nDecisions: —\nOpen questions: —\nNext step: —';
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/v1`;
  }

  reply(...r: FakeChatReply[]): void {
    this.replies.push(...r);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => this.json(res, 500, { error: { message: `fake: ${(e as Error).message}` } })));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const auth = req.headers['authorization'];
    if (this.apiKey !== null && auth !== `Bearer ${this.apiKey}`) {
      return this.json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      return this.json(res, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return this.json(res, 404, { error: { message: `fake: no route ${req.method} ${req.url}` } });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    this.requests.push({ authorization: auth, body });
    const r = this.replies.shift() ?? { text: this.defaultText };
    if ('hang' in r) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if ('status' in r) return this.json(res, r.status, { error: { message: r.error ?? `fake error ${r.status}` } }, r.headers);
    if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
    this.json(res, 200, {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  }
}
