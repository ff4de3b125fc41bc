import { Body, Controller, Get, HttpCode, Inject, Logger, Param, Put, Req, Res } from '@nestjs/common';
import { ConversationLiveService } from '@parley/api/conversations';
import { API_KEY_AUTH, apiKeyOf, ApiKeyAuthenticator, AuthUser } from '@parley/api/platform/auth';
import { DomainException } from '@parley/api/platform/graphql';
import { cartLineTotal, cartTotals, readStoredCart, VisitsService } from '@parley/api/visits';
import { ApiKeyScope, ErrorCode } from '@parley/shared/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';

type Answer = [status: number, body: Record<string, unknown>];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS: Partial<Record<string, number>> = { [ErrorCode.BadUserInput]: 400, [ErrorCode.NotFound]: 404, [ErrorCode.Forbidden]: 403, [ErrorCode.Unauthenticated]: 401, [ErrorCode.RateLimited]: 429 };

/**
 * Issue #15: the small REST surface for a shop's server, authenticated with a workspace API key
 * (`Authorization: Bearer prl_…` or `X-Api-Key: prl_…`), limited per key like GraphQL (the same
 * shared bucket). Answers are JSON: `{ error, message, fieldErrors? }` on refusals — 401 without a
 * valid key, 403 without the scope, 404 for what is not the key's workspace's, 400 for bad input,
 * 429 with Retry-After over the key's limit.
 */
@Controller('api/v1')
export class PublicApiController {
  private readonly log = new Logger(PublicApiController.name);

  constructor(
    @Inject(API_KEY_AUTH) private readonly keys: ApiKeyAuthenticator,
    private readonly visits: VisitsService,
    private readonly live: ConversationLiveService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Issue #12 (E9): the visitor's cart as the shop's server knows it — `{ items: [...] }` in
   * Parley.setCart's shape and checks; stored like the widget's, and the agents' Current cart
   * widget follows it live.
   */
  @Put('visitors/:visitorId/cart')
  @HttpCode(200)
  async putCart(@Req() req: Request, @Res() res: Response, @Param('visitorId') visitorId: string, @Body() body: unknown): Promise<void> {
    await this.answer(req, res, ApiKeyScope.write, async (user) => {
      if (!body || typeof body !== 'object' || Array.isArray(body) || !('items' in body)) {
        return [400, { error: ErrorCode.BadUserInput, message: 'Send a JSON object { "items": [...] }', fieldErrors: { items: 'setCart needs a list of items' } }];
      }
      const updated = await this.visits.setCartInWorkspace(user.workspaceId, visitorId, (body as { items: unknown }).items);
      if (!updated) return [404, { error: ErrorCode.NotFound, message: 'Visitor not found' }];
      // the agent's Current cart widget follows (the same `cart` activity as the widget's setCart); the cart is stored whatever happens to this
      if (updated.conversationId) await this.live.visitorCartChanged(user.workspaceId, updated.conversationId).catch((e: unknown) => this.log.warn(`cart of visitor ${visitorId} stored, but its live update was not published: ${(e as Error).message}`));
      return [200, await this.cartOf(user.workspaceId, visitorId, updated.conversationId)];
    });
  }

  /** The cart as stored (read scope): items with line totals and a total per currency. */
  @Get('visitors/:visitorId/cart')
  async getCart(@Req() req: Request, @Res() res: Response, @Param('visitorId') visitorId: string): Promise<void> {
    await this.answer(req, res, ApiKeyScope.read, async (user) => {
      if (!UUID.test(visitorId)) return [404, { error: ErrorCode.NotFound, message: 'Visitor not found' }];
      const [v] = await this.db.query(`SELECT conversation_id FROM visitors WHERE id = $1 AND workspace_id = $2`, [visitorId, user.workspaceId]);
      if (!v) return [404, { error: ErrorCode.NotFound, message: 'Visitor not found' }];
      return [200, await this.cartOf(user.workspaceId, visitorId, v.conversation_id ?? null)];
    });
  }

  /** A client (contact) of the key's workspace (read scope). */
  @Get('contacts/:id')
  async getContact(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.answer(req, res, ApiKeyScope.read, async (user) => {
      const [c] = UUID.test(id) ? await this.db.query(`SELECT id, name, email, phone, created_at FROM contacts WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]) : [];
      if (!c) return [404, { error: ErrorCode.NotFound, message: 'Client not found' }];
      return [200, { id: c.id, name: c.name, email: c.email, phone: c.phone, createdAt: new Date(c.created_at).toISOString() }];
    });
  }

  private async cartOf(workspaceId: string, visitorId: string, conversationId: string | null): Promise<Record<string, unknown>> {
    const [row] = await this.db.query(`SELECT cart, cart_updated_at FROM visitors WHERE id = $1 AND workspace_id = $2`, [visitorId, workspaceId]);
    const items = readStoredCart(row?.cart);
    return {
      visitorId,
      conversationId,
      updatedAt: row?.cart_updated_at ? new Date(row.cart_updated_at).toISOString() : null,
      items: items.map((i) => ({ ...i, lineTotal: cartLineTotal(i) })),
      totals: cartTotals(items),
    };
  }

  /** The key, its limit and its scope, then the handler; every refusal as JSON with its status. */
  private async answer(req: Request, res: Response, scope: ApiKeyScope, handle: (user: AuthUser) => Promise<Answer>): Promise<void> {
    const send = ([status, body]: Answer) => void res.status(status).type('application/json').send(JSON.stringify(body));
    try {
      const key = apiKeyOf(req.headers);
      if (!key) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return send([401, { error: ErrorCode.Unauthenticated, message: 'A workspace API key is needed: Authorization: Bearer prl_… or X-Api-Key: prl_…' }]);
      }
      const user = await this.keys.authenticate(key);
      if (!user?.apiKey) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        return send([401, { error: ErrorCode.Unauthenticated, reason: 'API_KEY_INVALID', message: 'This API key is not valid or has been revoked' }]);
      }
      const waitMs = await this.keys.take(user.apiKey.id);
      if (waitMs !== null) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
        return send([429, { error: ErrorCode.RateLimited, message: 'Too many requests with this API key. Please slow down.', retryAfterMs: waitMs }]);
      }
      if (!user.apiKey.scopes.includes(scope)) {
        return send([403, { error: ErrorCode.Forbidden, message: scope === ApiKeyScope.write ? 'This API key is read-only: this needs a key with the write scope' : 'This API key lacks the read scope' }]);
      }
      send(await handle(user));
    } catch (e) {
      if (e instanceof DomainException && STATUS[e.code]) {
        const field = typeof e.details?.['field'] === 'string' ? (e.details['field'] as string) : undefined;
        send([STATUS[e.code] as number, { error: e.code, message: e.message, ...(field ? { fieldErrors: { [field]: e.message } } : {}) }]);
        return;
      }
      this.log.error(e instanceof Error ? e.stack ?? e.message : String(e));
      send([500, { error: 'INTERNAL', message: 'Something went wrong on our side' }]);
    }
  }
}
