import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import Stripe from 'stripe';
import { Acquirer, AcquirerContext, AcquirerWebhookEvent, CheckoutLink, minorUnits, WebhookSignatureError } from './acquirer';

/** The events that mean a Checkout Session is paid. */
const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/**
 * Issue #12 (E5): Stripe Checkout through the `stripe` package. The API's protocol, host and port
 * come from STRIPE_API_BASE (tests run a local server speaking the Checkout Sessions API); the
 * webhook's signature is checked with `stripe.webhooks.constructEvent` and the workspace's
 * webhook signing secret.
 */
@Injectable()
export class StripeAcquirer implements Acquirer {
  readonly kind = 'stripe' as const;
  readonly label = 'Stripe Checkout';
  readonly secretNames = ['secretKey', 'webhookSecret'] as const;
  readonly enabledByDefault = false;
  readonly hasWebhook = true;

  constructor(private readonly config: AppConfig) {}

  missing(ctx: AcquirerContext): string | null {
    if (!ctx.secrets['secretKey']) return 'Set the Stripe secret key in Settings › Payments';
    if (!ctx.secrets['webhookSecret']) return 'Set the Stripe webhook signing secret in Settings › Payments';
    return null;
  }

  private client(secretKey: string): Stripe {
    const base = new URL(this.config.payments.stripeApiBase);
    return new Stripe(secretKey, {
      host: base.hostname,
      port: base.port || (base.protocol === 'http:' ? 80 : 443),
      protocol: base.protocol === 'http:' ? 'http' : 'https',
      maxNetworkRetries: 1,
      timeout: 20_000,
      telemetry: false,
    });
  }

  async createCheckout(link: CheckoutLink, ctx: AcquirerContext): Promise<{ url: string; externalId: string | null }> {
    const stripe = this.client(ctx.secrets['secretKey']);
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: link.currency.toLowerCase(),
              unit_amount: minorUnits(link.amount, link.currency),
              product_data: { name: link.orderNumber === null ? `${link.shopName}: order` : `${link.shopName}: order #${link.orderNumber}` },
            },
          },
        ],
        client_reference_id: link.id,
        metadata: { parley_payment_link: link.id, parley_order: link.orderId },
        success_url: `${link.pageUrl}?done=1`,
        cancel_url: link.pageUrl,
      },
      // the same link never opens two sessions, even when the call is retried
      { idempotencyKey: `parley-link-${link.id}` },
    );
    if (!session.url || !/^https?:\/\//.test(session.url)) throw new Error('Stripe answered without a checkout URL');
    return { url: session.url, externalId: session.id };
  }

  verifyWebhook(raw: Buffer, headers: Record<string, string | string[] | undefined>, ctx: AcquirerContext): AcquirerWebhookEvent {
    const secret = ctx.secrets['webhookSecret'];
    const sig = headers['stripe-signature'];
    if (!secret) throw new WebhookSignatureError('No webhook signing secret is set for Stripe in this workspace');
    if (typeof sig !== 'string' || !sig) throw new WebhookSignatureError('The Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(raw, sig, secret);
    } catch (e) {
      throw new WebhookSignatureError((e as Error).message);
    }
    if (PAID_EVENTS.has(event.type)) {
      const session = event.data.object as Stripe.Checkout.Session;
      if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') return { eventId: event.id, paidExternalId: session.id };
    }
    if (event.type === 'checkout.session.expired') return { eventId: event.id, paidExternalId: null, expiredExternalId: (event.data.object as Stripe.Checkout.Session).id };
    return { eventId: event.id, paidExternalId: null };
  }
}
