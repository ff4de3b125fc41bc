import { Controller, Options, Post, Req, Res } from '@nestjs/common';
import { ChannelLinkService } from '@parley/api/channels/core';
import { answerError } from '@parley/api/conversations';
import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { cors, preflight, VisitorHttpGate } from './visitor-http-gate';

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
 * like the widget's uploads; rate-limited per visitor (VisitorHttpGate).
 */
@Controller('api/visitor/channel-links')
export class VisitorChannelLinksController {
  constructor(
    private readonly gate: VisitorHttpGate,
    private readonly links: ChannelLinkService,
  ) {}

  @Options()
  preflight(@Res() res: Response): void {
    preflight(res);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    cors(res);
    try {
      const visitor = await this.gate.admit(req, {
        bucket: (id) => `channel-links:${id}`,
        perMinute: LINKS_PER_MINUTE,
        burst: LINKS_BURST,
        unauthenticated: 'Open the chat again',
        tooFast: 'Too many links asked for. Please wait a moment.',
      });
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
}
