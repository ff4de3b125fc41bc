import { Controller, Inject, Options, Post, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelLinkService, ChannelsService } from '@parley/api/channels/core';
import { answerError } from '@parley/api/conversations';
import { TokenService } from '@parley/api/platform/auth';
import { DomainException, unauthenticated } from '@parley/api/platform/graphql';
import { MemorySharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { ErrorCode, VISITOR_TOKEN_HEADER } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { VisitorEntity } from './visitor.entity';

/** Links a visitor may ask for: each makes a stored code, so few (a widget asks once per tap). */
const LINKS_PER_MINUTE = 6;
const LINKS_BURST = 3;
/** Channels offered at most (a workspace with many bots offers its oldest ones). */
const MAX_LINKS = 5;

/**
 * SPEC A2, the web chat's "continue in Telegram": `POST /api/visitor/channel-links` with the
 * visitor token in `X-Parley-Visitor-Token` answers `{ links: [{ kind, displayName, url, expiresAt }] }`,
 * one single-use link per active channel of the workspace that makes links (a Telegram bot). Opened,
 * the link ties the visitor's account there to the contact they are here, so the conversation
 * follows them. A visitor who has not written yet has no contact: CONFLICT (`{ code, message }`, status 400 as the widget's other HTTP answers map it). CORS without credentials,
 * like the widget's uploads; rate-limited per visitor.
 */
@Controller('api/visitor/channel-links')
export class VisitorChannelLinksController {
  private readonly fallback = new MemorySharedState();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly channels: ChannelsService,
    private readonly links: ChannelLinkService,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  @Options()
  preflight(@Res() res: Response): void {
    cors(res);
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', `content-type, ${VISITOR_TOKEN_HEADER}`);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    cors(res);
    try {
      const raw = req.headers[VISITOR_TOKEN_HEADER];
      const claims = typeof raw === 'string' && raw.length < 2000 ? this.tokens.verifyVisitorToken(raw) : null;
      if (!claims) throw unauthenticated('Open the chat again');
      const visitor = await this.db.getRepository(VisitorEntity).findOne({ where: { id: claims.visitorId, channelId: claims.channelId, workspaceId: claims.workspaceId } });
      if (!visitor) throw unauthenticated('Open the chat again');
      const chat = await this.channels.findById(visitor.workspaceId, visitor.channelId);
      if (!chat?.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');
      if (!(await this.take(visitor.id))) throw new DomainException(ErrorCode.RateLimited, 'Too many links asked for. Please wait a moment.');
      if (!visitor.contactId) throw new DomainException(ErrorCode.Conflict, 'Write to us here first, then continue in another app');
      const out = [];
      for (const channel of (await this.links.linkableChannels(visitor.workspaceId)).slice(0, MAX_LINKS)) {
        const link = await this.links.create(channel, visitor.contactId, `visitor:${visitor.id}`);
        if (link) out.push({ kind: link.kind, displayName: link.displayName, url: link.url, expiresAt: link.expiresAt.toISOString() });
      }
      res.status(200).json({ links: out });
    } catch (e) {
      answerError(req, res, e);
    }
  }

  private async take(visitorId: string): Promise<boolean> {
    const key = `channel-links:${visitorId}`;
    try {
      return await this.shared.take(key, LINKS_PER_MINUTE / 60, LINKS_BURST);
    } catch {
      return this.fallback.take(key, LINKS_PER_MINUTE / 60, LINKS_BURST);
    }
  }
}

function cors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Vary', 'Origin');
}
