import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelsService } from '@parley/api/channels/core';
import { TokenService } from '@parley/api/platform/auth';
import { DomainException, unauthenticated } from '@parley/api/platform/graphql';
import { MemorySharedState, SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { ErrorCode, VISITOR_TOKEN_HEADER } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { VisitorEntity } from './visitor.entity';

/** What a visitor HTTP route is limited to, and what it says when refused. */
export interface VisitorGateOptions {
  /** The limit's bucket (per visitor, shared by every API process when REDIS_URL is set). */
  bucket: (visitorId: string) => string;
  perMinute: number;
  burst: number;
  /** Said with 401 for a bad, missing or stale visitor token. */
  unauthenticated: string;
  /** Said with RATE_LIMITED once the bucket is empty. */
  tooFast: string;
}

/**
 * The one check in front of the widget's HTTP routes (uploads, channel links): the visitor token
 * from `X-Parley-Visitor-Token` (never the URL), the visitor it names, their channel active, and a
 * token bucket per visitor in SharedState — Redis for all API processes, in memory without
 * REDIS_URL and while Redis does not answer, so the route stays limited per process rather than
 * fail. Any site embeds the widget, so the routes answer CORS without credentials (`cors`,
 * `preflight`).
 */
@Injectable()
export class VisitorHttpGate {
  private readonly fallback = new MemorySharedState();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly channels: ChannelsService,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  /** The visitor calling, once every check passed; throws the DomainException to answer otherwise. */
  async admit(req: Request, o: VisitorGateOptions): Promise<VisitorEntity> {
    const raw = req.headers[VISITOR_TOKEN_HEADER];
    const claims = typeof raw === 'string' && raw.length < 2000 ? this.tokens.verifyVisitorToken(raw) : null;
    if (!claims) throw unauthenticated(o.unauthenticated);
    const visitor = await this.db.getRepository(VisitorEntity).findOne({ where: { id: claims.visitorId, channelId: claims.channelId, workspaceId: claims.workspaceId } });
    if (!visitor) throw unauthenticated(o.unauthenticated);
    const channel = await this.channels.findById(visitor.workspaceId, visitor.channelId);
    if (!channel?.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');
    if (!(await this.take(o.bucket(visitor.id), o.perMinute / 60, o.burst))) throw new DomainException(ErrorCode.RateLimited, o.tooFast);
    return visitor;
  }

  private async take(key: string, perSecond: number, burst: number): Promise<boolean> {
    try {
      return await this.shared.take(key, perSecond, burst);
    } catch {
      return this.fallback.take(key, perSecond, burst);
    }
  }
}

/** CORS without credentials: any site embeds the widget. */
export function cors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Vary', 'Origin');
}

/** The answer to a browser's preflight of a widget POST carrying the visitor token. */
export function preflight(res: Response): void {
  cors(res);
  res.setHeader('Access-Control-Allow-Methods', 'POST');
  res.setHeader('Access-Control-Allow-Headers', `content-type, ${VISITOR_TOKEN_HEADER}`);
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
}
