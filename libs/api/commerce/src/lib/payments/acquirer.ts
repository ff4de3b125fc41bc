import { currencyDigits } from '../products/money';
import { Money } from '../orders/order-totals';

/** The acquirers Parley speaks to (the `kind` of acquirer_settings and payment_links). */
export type AcquirerKind = 'test' | 'stripe';

/** An acquirer's settings for one workspace, secrets opened (in memory only). */
export interface AcquirerContext {
  workspaceId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** What an acquirer needs to open a checkout for one payment link. */
export interface CheckoutLink {
  id: string;
  token: string;
  /** Exact decimal string in `currency` ("44.04"). */
  amount: string;
  currency: string;
  orderId: string;
  orderNumber: number | null;
  shopName: string;
  /** Parley's own page of this link (`/pay/:token`): the test acquirer's hosted page, Stripe's return page. */
  pageUrl: string;
}

/** A verified webhook event: its id (for idempotency) and the checkout it pays, if it pays one. */
export interface AcquirerWebhookEvent {
  eventId: string;
  paidExternalId: string | null;
  /** The checkout can no longer be paid (Stripe: checkout.session.expired): its link expires. */
  expiredExternalId?: string | null;
}

/**
 * Issue #12 (E5): one acquirer. Implementations are Nest providers listed in ACQUIRERS (the
 * registry looks them up by `kind`; nothing switches on kinds). `createCheckout` returns the URL
 * the client opens and the acquirer's id of that checkout; `verifyWebhook` (when the acquirer
 * calls back) checks the signature over the raw bytes and throws WebhookSignatureError otherwise.
 */
export interface Acquirer {
  readonly kind: AcquirerKind;
  readonly label: string;
  /** The secrets an admin may set (write-only), e.g. secretKey, webhookSecret. */
  readonly secretNames: readonly string[];
  /** On when a workspace has no settings row yet. */
  readonly enabledByDefault: boolean;
  /** Whether the acquirer calls Parley back (the admin page then shows the webhook URL). */
  readonly hasWebhook: boolean;
  /** Why links cannot be sent with these settings (a missing secret), or null. */
  missing(ctx: AcquirerContext): string | null;
  createCheckout(link: CheckoutLink, ctx: AcquirerContext): Promise<{ url: string; externalId: string | null }>;
  verifyWebhook?(raw: Buffer, headers: Record<string, string | string[] | undefined>, ctx: AcquirerContext): AcquirerWebhookEvent;
}

export const ACQUIRERS = Symbol('ACQUIRERS');

export class WebhookSignatureError extends Error {}

/** An amount in the currency's minor units (cents), computed with decimals, never floats: "44.04" EUR → 4404. */
export function minorUnits(amount: string, currency: string): number {
  const digits = currencyDigits(currency);
  const v = new Money(amount).times(new Money(10).pow(digits));
  if (!v.isInteger()) throw new Error(`${amount} has more decimals than ${currency} has`);
  return v.toNumber();
}
