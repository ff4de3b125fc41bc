import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRAPH_API_VERSION } from '../lib/graph-api.client';
import type { WaMessage, WaStatus, WaWebhookBody } from '../lib/whatsapp-webhook';

/** One request the fake received. */
export interface FakeWhatsappCall {
  method: string;
  /** Without the version segment: `/123/messages`, `/media-1`. */
  path: string;
  version: string | null;
  query: Record<string, string>;
  authorization: string | null;
  /** A JSON body, parsed. */
  json?: any;
  /** A multipart body (media uploads): its text fields and its file. */
  form?: { fields: Record<string, string>; file?: { name: string; mime: string; content: Buffer } };
}

/** A Graph API error the fake answers with instead of doing the call. */
export interface FakeFailure {
  /** Which calls it hits: sending, uploading, the media lookup, the download, the number's profile. */
  on?: 'messages' | 'media-upload' | 'media-info' | 'download' | 'phone' | 'templates';
  /** Only calls this says yes to (e.g. the second part of a long text). */
  when?: (call: FakeWhatsappCall) => boolean;
  code?: number;
  subcode?: number;
  status?: number;
  message?: string;
  /** Sent as the Retry-After header (seconds). */
  retryAfter?: string;
  /** Answer with this raw text instead of a JSON error (a proxy's HTML page). */
  raw?: string;
}

/** A template as `GET /{waba-id}/message_templates` lists it. */
export interface FakeTemplate {
  name: string;
  language: string;
  status?: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category?: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: Array<Record<string, unknown>>;
}

interface FakeMedia {
  content: Buffer;
  mime: string;
  /** What the lookup claims as file_size (default: the real size). */
  declaredSize?: number;
}

/**
 * A local stand-in for Meta's Graph API (WhatsApp Business Cloud API) speaking the documented
 * protocol: `POST /{version}/{phone-number-id}/messages` and `/media`, `GET /{version}/{media-id}`
 * (a download URL on this server, fetched with the bearer token), `GET /{version}/{phone-number-id}`.
 * Records every call; fails the next calls with the Graph API error codes a test asks for.
 */
export class FakeWhatsApp {
  readonly calls: FakeWhatsappCall[] = [];
  private readonly failures: FakeFailure[] = [];
  private readonly media = new Map<string, FakeMedia>();
  /** Approved templates: `name:language` → the number of body variables. */
  private readonly templates = new Map<string, number>();
  /** The Business Account's templates as WhatsApp Manager lists them (every status). */
  private readonly listed: FakeTemplate[] = [];
  private uploads = 0;
  private sent = 0;
  /** The WhatsApp Business Account the token belongs to. */
  wabaId = '102290129340398';

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly token: string,
    readonly phoneNumberId: string,
  ) {}

  static async start(opts: { token: string; phoneNumberId: string }): Promise<FakeWhatsApp> {
    let fake: FakeWhatsApp | null = null;
    const server = createServer((req, res) => {
      void fake?.handle(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { message: String(e), code: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeWhatsApp(server, `http://127.0.0.1:${port}`, opts.token, opts.phoneNumberId);
    return fake;
  }

  /** The next matching calls fail with these errors, in turn. */
  fail(...failures: FakeFailure[]): void {
    this.failures.push(...failures);
  }

  /** An inbound file Meta holds (what a webhook's media id points at). */
  addMedia(id: string, content: Buffer, mime: string, declaredSize?: number): void {
    this.media.set(id, { content, mime, declaredSize });
  }

  /** A template as approved in WhatsApp Manager, with its number of body variables. */
  approveTemplate(name: string, language: string, variables = 1): void {
    this.templates.set(`${name}:${language}`, variables);
  }

  /**
   * A template of the Business Account, listed by `GET /{waba-id}/message_templates`; an approved
   * one can be sent too, with as many body values as its highest {{N}}.
   */
  addTemplate(...templates: FakeTemplate[]): void {
    for (const t of templates) {
      this.listed.push({ status: 'APPROVED', category: 'UTILITY', ...t });
      if ((t.status ?? 'APPROVED') !== 'APPROVED') continue;
      const body = t.components.find((c) => c['type'] === 'BODY');
      const numbers = [...String(body?.['text'] ?? '').matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
      this.approveTemplate(t.name, t.language, numbers.length ? Math.max(...numbers) : 0);
    }
  }

  /** The messages sent (`POST /{id}/messages` bodies that succeeded or failed). */
  messageCalls(): FakeWhatsappCall[] {
    return this.calls.filter((c) => c.method === 'POST' && /\/messages$/.test(c.path));
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.templates.clear();
    this.listed.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts)));
      req.on('error', reject);
    });
    const m = /^\/(v\d+\.\d+)(\/.*)$/.exec(u.pathname);
    const call: FakeWhatsappCall = {
      method: req.method ?? 'GET',
      path: m ? m[2] : u.pathname,
      version: m ? m[1] : null,
      query: Object.fromEntries(u.searchParams),
      authorization: typeof req.headers.authorization === 'string' ? req.headers.authorization : null,
    };
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('application/json')) {
      try {
        call.json = JSON.parse(raw.toString('utf8'));
      } catch {
        call.json = raw.toString('utf8');
      }
    } else if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const fields: Record<string, string> = {};
      let file: NonNullable<FakeWhatsappCall['form']>['file'];
      form.forEach((v, k) => {
        if (typeof v === 'string') fields[k] = v;
        else file = { name: (v as File).name, mime: v.type, content: Buffer.alloc(0) };
      });
      const blob = form.get('file');
      if (file && blob && typeof blob !== 'string') file.content = Buffer.from(await blob.arrayBuffer());
      call.form = { fields, file };
    }
    this.calls.push(call);

    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const graphError = (status: number, code: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      send(status, { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: randomBytes(8).toString('base64url') } }, headers);

    // the download URL is not under the version prefix, as on Meta's CDN
    const download = /^\/download\/([^/]+)$/.exec(u.pathname);
    const kind: FakeFailure['on'] = download
      ? 'download'
      : call.method === 'POST' && /\/messages$/.test(call.path)
        ? 'messages'
        : call.method === 'POST' && /\/media$/.test(call.path)
          ? 'media-upload'
          : call.path === `/${this.phoneNumberId}`
            ? 'phone'
            : /\/message_templates$/.test(call.path)
              ? 'templates'
              : 'media-info';
    if (call.authorization !== `Bearer ${this.token}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token', { error_subcode: 463 });
    const i = this.failures.findIndex((f) => (!f.on || f.on === kind) && (!f.when || f.when(call)));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      const headers: Record<string, string> = f.retryAfter ? { 'retry-after': f.retryAfter } : {};
      if (f.raw !== undefined) {
        res.writeHead(f.status ?? 502, { 'content-type': 'text/html', ...headers });
        res.end(f.raw);
        return;
      }
      return graphError(f.status ?? (f.code === 130429 || f.code === 4 ? 429 : 400), f.code ?? 1, f.message ?? `fake failure ${f.code ?? ''}`.trim(), {
        ...(f.subcode ? { error_subcode: f.subcode } : {}),
        error_data: { messaging_product: 'whatsapp', details: f.message ?? 'as the test asked' },
      }, headers);
    }

    if (download) {
      const media = this.media.get(decodeURIComponent(download[1]));
      if (!media) return send(404, { error: { message: 'not found', code: 100 } });
      res.writeHead(200, { 'content-type': media.mime, 'content-length': String(media.content.length) });
      res.end(media.content);
      return;
    }
    if (call.version !== GRAPH_API_VERSION) return graphError(400, 2635, `Unknown API version ${call.version}`);
    const [, id, edge] = call.path.split('/');
    if (call.method === 'GET' && edge === 'message_templates') {
      if (id !== this.wabaId) return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, { error_subcode: 33 });
      // cursor paging as Meta does it: `after` is opaque, `next` present while more follow
      const limit = Math.min(Math.max(Number(call.query['limit'] ?? 25) || 25, 1), 100);
      const start = call.query['after'] ? Number(Buffer.from(call.query['after'], 'base64url').toString('utf8').replace(/^at:/, '')) : 0;
      if (!Number.isInteger(start) || start < 0) return graphError(400, 100, 'Invalid parameter: after');
      const fields = (call.query['fields'] ?? 'name,language,status,id').split(',');
      const data = this.listed.slice(start, start + limit).map((t, i) => ({ ...Object.fromEntries(Object.entries(t).filter(([k]) => fields.includes(k))), id: String(900000 + start + i) }));
      const end = start + data.length;
      const cursor = (n: number) => Buffer.from(`at:${n}`).toString('base64url');
      return send(200, {
        data,
        paging: { cursors: { before: cursor(start), after: cursor(end) }, ...(end < this.listed.length ? { next: `${this.url}/${GRAPH_API_VERSION}/${id}/message_templates?limit=${limit}&after=${cursor(end)}` } : {}) },
      });
    }
    if (call.method === 'GET' && !edge) {
      if (id === this.phoneNumberId) return send(200, { id, display_phone_number: '+1 555-010-0199', verified_name: 'Parley Test Shop', quality_rating: 'GREEN' });
      const media = this.media.get(id);
      if (!media) return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist`, { error_subcode: 33 });
      return send(200, {
        messaging_product: 'whatsapp',
        url: `${this.url}/download/${encodeURIComponent(id)}`,
        mime_type: media.mime,
        sha256: createHash('sha256').update(media.content).digest('hex'),
        file_size: media.declaredSize ?? media.content.length,
        id,
      });
    }
    if (call.method === 'POST' && id !== this.phoneNumberId) return graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist`, { error_subcode: 33 });
    if (call.method === 'POST' && edge === 'media') {
      if (call.form?.fields['messaging_product'] !== 'whatsapp' || !call.form.file) return graphError(400, 100, 'Invalid parameter: file and messaging_product are required');
      this.uploads += 1;
      return send(200, { id: `media-up-${this.uploads}` });
    }
    if (call.method === 'POST' && edge === 'messages') {
      const b = call.json;
      if (!b || b.messaging_product !== 'whatsapp' || typeof b.to !== 'string' || !b.type) return graphError(400, 100, '(#100) Invalid parameter');
      if (b.type === 'text' && (typeof b.text?.body !== 'string' || !b.text.body || [...b.text.body].length > 4096)) return graphError(400, 100, '(#100) Param text[\'body\'] is invalid');
      if (b.type === 'template') {
        const vars = this.templates.get(`${b.template?.name}:${b.template?.language?.code}`);
        if (vars === undefined) return graphError(404, 132001, 'Template name does not exist in the translation', { error_data: { messaging_product: 'whatsapp', details: `template name (${b.template?.name}) does not exist in ${b.template?.language?.code}` } });
        const params = (b.template?.components ?? []).filter((c: { type?: string }) => c.type === 'body').flatMap((c: { parameters?: unknown[] }) => c.parameters ?? []);
        if (params.length !== vars) return graphError(400, 132000, 'Number of parameters does not match the expected number of params');
        if (params.some((p: { text?: string }) => typeof p.text !== 'string' || /[\n\t]| {5,}/.test(p.text))) return graphError(400, 132018, 'There was an issue with the parameters in your template.');
      }
      this.sent += 1;
      const wamid = `wamid.FAKE${String(this.sent).padStart(6, '0')}${randomBytes(6).toString('hex')}`;
      return send(200, { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: wamid }] });
    }
    return graphError(400, 100, `Unsupported ${call.method} request`);
  }
}

/** A webhook body signed as Meta signs it: the exact bytes to POST and their X-Hub-Signature-256. */
export function signWebhook(body: unknown, appSecret: string): { body: string; signature: string } {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { body: text, signature: `sha256=${createHmac('sha256', appSecret).update(text).digest('hex')}` };
}

/** A webhook body of one phone number as Meta sends it (one entry, one change). */
export function waWebhookBody(phoneNumberId: string, value: { contacts?: Array<{ name: string; waId: string }>; messages?: WaMessage[]; statuses?: WaStatus[] }): WaWebhookBody {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100199', phone_number_id: phoneNumberId },
              ...(value.contacts ? { contacts: value.contacts.map((c) => ({ profile: { name: c.name }, wa_id: c.waId })) } : {}),
              ...(value.messages ? { messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}
