import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode, VisitorServerFrame } from '@parley/shared/contracts';
import { TokenBucket } from './token-bucket';
import { ConnectionInfo, FieldException, VisitorContext, VisitorFeaturesService } from './visitor-features.service';

/** Per-socket limits of the widget's extra frames (a flood is refused with RATE_LIMITED). */
export interface FeatureBuckets {
  /** page views and track events */
  events: TokenBucket;
  /** contact, identify and cart */
  updates: TokenBucket;
}
export const newFeatureBuckets = (): FeatureBuckets => ({ events: new TokenBucket(1, 10), updates: new TokenBucket(1, 10) });

export const FEATURE_FRAME_TYPES: readonly string[] = ['page', 'contact', 'identify', 'cart', 'track'];

/**
 * Handles one of the widget's extra frames (page, contact, identify, cart, track) and returns the
 * answer to send (an `error` frame names the `frame` and, for a bad value, the `field`).
 */
export async function handleFeatureFrame(
  features: VisitorFeaturesService,
  ctx: VisitorContext | null,
  conn: ConnectionInfo,
  buckets: FeatureBuckets,
  frame: Record<string, unknown>,
): Promise<VisitorServerFrame | null> {
  const type = String(frame['type']);
  try {
    if (!ctx) throw new DomainException(ErrorCode.NotReady, 'Send hello first');
    const bucket = type === 'page' || type === 'track' ? buckets.events : buckets.updates;
    if (!bucket.take()) throw new DomainException(ErrorCode.RateLimited, 'Too many updates. Please wait a moment.');
    switch (type) {
      case 'page':
        await features.pageView(ctx, frame, conn);
        return null;
      case 'track':
        await features.track(ctx, frame, conn);
        return null;
      case 'cart':
        await features.setCart(ctx, frame);
        return null;
      case 'contact':
        return { type: 'contact_saved', askFields: await features.saveContact(ctx, frame) };
      case 'identify':
        return { type: 'identified', ...(await features.identify(ctx, frame)), askFields: (await features.askFields(ctx)).askFields };
      default:
        throw new DomainException(ErrorCode.BadFrame, 'Unknown frame type');
    }
  } catch (e) {
    if (e instanceof DomainException) {
      return { type: 'error', code: e.code, message: e.message, frame: type, ...(e instanceof FieldException ? { field: e.field } : {}) };
    }
    throw e;
  }
}
