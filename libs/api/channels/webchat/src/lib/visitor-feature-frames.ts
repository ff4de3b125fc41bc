import { Injectable } from '@nestjs/common';
import { errorKind, toErrorFrame } from '@parley/api/platform/graphql';
import { ErrorCode, VisitorServerFrame } from '@parley/shared/contracts';
import { notReady, WebchatException } from './exceptions/webchat.exception';
import { VisitorFrameHandler, VisitorFrameHandling } from './frames/visitor-frame-handler.decorator';
import type { VisitorSocket } from './frames/visitor-socket';
import { TokenBucket } from './token-bucket';
import { ConnectionInfo, VisitorContext, VisitorFeaturesService } from './visitor-features.service';

/** Per-socket limits of the widget's extra frames (a flood is refused with RATE_LIMITED). */
export interface FeatureBuckets {
  /** page views and track events */
  events: TokenBucket;
  /** contact, identify and cart */
  updates: TokenBucket;
}
export const newFeatureBuckets = (): FeatureBuckets => ({ events: new TokenBucket(1, 10), updates: new TokenBucket(1, 10) });

/**
 * One of the widget's extra frames (page, contact, identify, cart, track; the public JS API): it
 * needs a hello first and takes a token of its bucket; a refusal is an `error` frame naming the
 * `frame` and, for a bad value, the `field`.
 */
@Injectable()
abstract class FeatureFrameHandler implements VisitorFrameHandling {
  protected abstract readonly type: 'page' | 'contact' | 'identify' | 'cart' | 'track';
  protected abstract readonly bucket: keyof FeatureBuckets;

  constructor(protected readonly features: VisitorFeaturesService) {}

  /** The frame's work and its answer (null: none). */
  protected abstract apply(ctx: VisitorContext, frame: Record<string, unknown>, conn: ConnectionInfo): Promise<VisitorServerFrame | null>;

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    let answer: VisitorServerFrame | null;
    try {
      if (!state.visitorId || !state.workspaceId || !state.channelId) throw notReady();
      if (!state.featureBuckets[this.bucket].take()) throw new WebchatException(ErrorCode.RateLimited, 'Too many updates. Please wait a moment.');
      answer = await this.apply({ visitorId: state.visitorId, workspaceId: state.workspaceId, channelId: state.channelId }, frame, state.conn);
    } catch (e) {
      // an outage or a crash is the gateway's to answer
      if (errorKind(e) !== 'coded') throw e;
      answer = toErrorFrame(e, { frame: this.type });
    }
    if (answer) socket.send(answer);
  }
}

/** `page`: a page view of the visit. */
@Injectable()
@VisitorFrameHandler('page')
export class PageFrameHandler extends FeatureFrameHandler {
  protected readonly type = 'page';
  protected readonly bucket = 'events';
  protected async apply(ctx: VisitorContext, frame: Record<string, unknown>, conn: ConnectionInfo): Promise<null> {
    await this.features.pageView(ctx, frame, conn);
    return null;
  }
}

/** `track`: a custom event of the visit (`Parley.track`). */
@Injectable()
@VisitorFrameHandler('track')
export class TrackFrameHandler extends FeatureFrameHandler {
  protected readonly type = 'track';
  protected readonly bucket = 'events';
  protected async apply(ctx: VisitorContext, frame: Record<string, unknown>, conn: ConnectionInfo): Promise<null> {
    await this.features.track(ctx, frame, conn);
    return null;
  }
}

/** `cart`: the visitor's cart (`Parley.setCart`). */
@Injectable()
@VisitorFrameHandler('cart')
export class CartFrameHandler extends FeatureFrameHandler {
  protected readonly type = 'cart';
  protected readonly bucket = 'updates';
  protected async apply(ctx: VisitorContext, frame: Record<string, unknown>): Promise<null> {
    await this.features.setCart(ctx, frame);
    return null;
  }
}

/** `contact`: the pre-chat fields the visitor filled in; answered with the fields still to ask. */
@Injectable()
@VisitorFrameHandler('contact')
export class ContactFrameHandler extends FeatureFrameHandler {
  protected readonly type = 'contact';
  protected readonly bucket = 'updates';
  protected async apply(ctx: VisitorContext, frame: Record<string, unknown>): Promise<VisitorServerFrame> {
    return { type: 'contact_saved', askFields: await this.features.saveContact(ctx, frame) };
  }
}

/** `identify`: the site names its signed-in user (`Parley.identify`). */
@Injectable()
@VisitorFrameHandler('identify')
export class IdentifyFrameHandler extends FeatureFrameHandler {
  protected readonly type = 'identify';
  protected readonly bucket = 'updates';
  protected async apply(ctx: VisitorContext, frame: Record<string, unknown>): Promise<VisitorServerFrame> {
    return { type: 'identified', ...(await this.features.identify(ctx, frame)), askFields: (await this.features.askFields(ctx)).askFields };
  }
}
