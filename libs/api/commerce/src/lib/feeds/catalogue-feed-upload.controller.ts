import { Controller, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser, TokenService } from '@parley/api/platform/auth';
import { DomainException, forbidden, unauthenticated } from '@parley/api/platform/graphql';
import { ErrorCode, Permission, PERMISSION_LABELS } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { CatalogueFeedsService, reviveFeedEvent } from './catalogue-feeds.service';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.FileTooLarge]: 413,
  [ErrorCode.UnsupportedFileType]: 415,
  [ErrorCode.Unavailable]: 503,
};

/**
 * Issue #12 (E10): `POST /api/catalogue/feeds/:id/file?name=feed.xml` with `Authorization: Bearer …`
 * and the XML file as the raw body (any XML content type; not multipart) → 201 `{ feed, run }`:
 * the file replaces the feed's previous one and its import starts. Only holders of “Manage
 * catalogue”; at most CATALOGUE_FEED_MAX_BYTES (413 FILE_TOO_LARGE, the connection closed);
 * 409 CONFLICT while an import of the feed runs.
 */
@Controller('api/catalogue/feeds')
export class CatalogueFeedUploadController {
  private readonly logger = new Logger('CatalogueFeedUpload');

  constructor(
    private readonly feeds: CatalogueFeedsService,
    private readonly tokens: TokenService,
    private readonly access: OperatorAccessService,
  ) {}

  @Post(':id/file')
  async upload(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const user = await this.operator(req);
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      if (type.startsWith('multipart/') || type.startsWith('application/x-www-form-urlencoded') || type.startsWith('application/json')) {
        throw new DomainException(ErrorCode.UnsupportedFileType, 'Send the XML file itself as the request body (e.g. Content-Type: application/xml)');
      }
      const raw = req.headers['content-length'];
      const declared = raw === undefined ? undefined : Number(raw);
      const result = await this.feeds.upload(user, id, req, req.query['name'], Number.isSafeInteger(declared) ? declared : undefined);
      const { feed, run } = reviveFeedEvent({ workspaceId: user.workspaceId, kind: 'feed_saved' as never, feedId: result.feed.id, feed: result.feed, run: result.run });
      res.status(201).json({ feed, run });
    } catch (e) {
      this.answerError(req, res, e);
    }
  }

  /** The bearer token's operator, still active, holding “Manage catalogue”. */
  private async operator(req: Request): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers['authorization'] ?? '');
    if (!match) throw unauthenticated();
    const user = this.tokens.verifyAccessToken(match[1]);
    const access = await this.access.access(user);
    if (!access) throw unauthenticated('Your session has expired', 'OPERATOR_GONE');
    if (!access.active) throw unauthenticated('Your account has been deactivated', 'OPERATOR_DEACTIVATED');
    if (!access.sessionLive) throw unauthenticated('You have been signed out', 'SESSION_ENDED');
    const current = { ...user, role: access.role };
    const held = await this.access.permissions(current);
    if (!held.has(Permission.manage_catalogue)) throw forbidden(`You need the "${PERMISSION_LABELS[Permission.manage_catalogue]}" right to do this`);
    return current;
  }

  /** `{ code, message }` with its status; a body not read to its end closes the connection after the answer. */
  private answerError(req: Request, res: Response, e: unknown): void {
    const known = e instanceof DomainException;
    if (!known) this.logger.error(`feed upload failed: ${(e as Error)?.stack ?? e}`);
    const status = known ? (STATUS[e.code] ?? 400) : 500;
    const body = known ? { code: e.code, message: e.message, ...(e.details ?? {}) } : { code: ErrorCode.Internal, message: 'Something went wrong. Please try again.' };
    if (res.headersSent) return void res.destroy();
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(status).json(body);
    if (!req.complete) res.once('finish', () => setTimeout(() => req.destroy(), 1000).unref());
  }
}
