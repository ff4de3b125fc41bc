import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { priceText } from '../client-products/client-products.service';
import { PaymentLinksService, PublicLink } from './payment-links.service';
import { chargeTestCard } from './test-acquirer';

interface HtmlResponse {
  status(code: number): HtmlResponse;
  type(t: string): HtmlResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** No scripts at all; styles only from the page's own <style>; the form posts only back here. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Attempts one IP may make on one link in ATTEMPT_WINDOW_MS (a card-testing bot gets 429). */
const ATTEMPTS = 10;
const ATTEMPT_WINDOW_MS = 10 * 60_000;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f3f4f6;color:#1f2937}
main{max-width:26rem;margin:10vh auto 0;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.3rem;margin:0 0 .25rem}.amount{font-size:2rem;font-weight:600;margin:.75rem 0}.muted{color:#4b5563;margin:0}
label{display:block;margin:1rem 0 .25rem;font-weight:500}input{box-sizing:border-box;width:100%;padding:.6rem .7rem;font-size:1rem;border:1px solid #9ca3af;border-radius:8px}
.row{display:flex;gap:.75rem}.row>div{flex:1}button,.button{display:block;width:100%;margin-top:1.25rem;padding:.75rem;font-size:1rem;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:8px;text-align:center;text-decoration:none;cursor:pointer}
.error{margin:1rem 0 0;padding:.6rem .8rem;border-radius:8px;background:#fee2e2;color:#991b1b}.ok{color:#166534}.hint{font-size:.85rem;color:#4b5563;margin-top:1rem}</style>
</head><body>${body}</body></html>`;
}

const note = (outcome: string, heading: string, text: string) => `<main data-outcome="${outcome}"><h1>${escapeHtml(heading)}</h1><p class="muted">${escapeHtml(text)}</p></main>`;

/**
 * Issue #12 (E5): a payment link's public page, `/pay/:token`. For the test acquirer it is the
 * hosted payment page (shop, order, amount, a card form; 4242 4242 4242 4242 pays, 4000 0000 0000
 * 0002 is declined); for another acquirer it is the return page (paid, or a button to its
 * checkout). The amount always comes from the link, never from the form. Plain HTML, no scripts.
 */
@Controller('pay')
export class PayPageController {
  private readonly attempts = new Map<string, { n: number; since: number }>();

  constructor(private readonly links: PaymentLinksService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query('done') done: unknown, @Res() res: HtmlResponse): Promise<void> {
    headers(res);
    const link = await this.links.byToken(String(token));
    const gone = this.gone(link);
    if (gone) return void res.status(gone.status).type('html').send(gone.html);
    const l = link as PublicLink;
    if (l.acquirer !== 'test') {
      const waiting = done === '1';
      return void res.status(200).type('html').send(page(`Pay ${l.shopName}`, `<main data-outcome="${waiting ? 'processing' : 'checkout'}">${summary(l)}
${waiting ? `<p class="muted">Thank you: your payment is being confirmed. You may close this page.</p>` : `<a class="button" href="${escapeHtml(l.url)}" rel="noopener noreferrer">Pay</a>`}</main>`));
    }
    res.status(200).type('html').send(form(l, null));
  }

  @Post(':token')
  async pay(@Param('token') token: string, @Body() body: Record<string, unknown> | undefined, @Req() req: { ip?: string }, @Res() res: HtmlResponse): Promise<void> {
    headers(res);
    const link = await this.links.byToken(String(token));
    const gone = this.gone(link);
    if (gone) return void res.status(gone.status).type('html').send(gone.html);
    const l = link as PublicLink;
    if (l.acquirer !== 'test') return void res.status(405).type('html').send(page('Not here', note('wrong-acquirer', 'This link is paid at its acquirer', 'Open the link from the chat again.')));
    if (!this.allow(`${l.id}|${req.ip ?? ''}`)) {
      res.setHeader('Retry-After', String(ATTEMPT_WINDOW_MS / 1000));
      return void res.status(429).type('html').send(page('Too many attempts', note('rate-limited', 'Too many attempts', 'Please wait a few minutes before trying again.')));
    }
    // only the card number is read: the amount, currency and order come from the link
    const outcome = chargeTestCard(body?.['card']);
    if (!outcome.ok) {
      if (!outcome.invalid) await this.links.recordDecline(l.id, outcome.message);
      return void res.status(outcome.invalid ? 422 : 402).type('html').send(form(l, outcome.message));
    }
    await this.links.markPaid(l.id);
    res.status(200).type('html').send(page('Paid', `<main data-outcome="paid">${summary(l)}<p class="ok" role="status">Thank you: the payment went through. You may close this page.</p></main>`));
  }

  private gone(link: PublicLink | null): { status: number; html: string } | null {
    if (!link) return { status: 404, html: page('Payment link not found', note('not-found', 'This payment link does not exist', 'Check the link you followed, or ask in the chat for a new one.')) };
    if (link.status === 'paid') return { status: 200, html: page('Already paid', `<main data-outcome="already-paid">${summary(link)}<p class="ok">This payment is already made. Thank you!</p></main>`) };
    if (link.expired || link.stale) return { status: 410, html: page('Payment link expired', note('expired', 'This payment link has expired', 'Ask in the chat for a new link.')) };
    return null;
  }

  private allow(key: string): boolean {
    const now = Date.now();
    if (this.attempts.size > 10_000) for (const [k, v] of this.attempts) if (now - v.since > ATTEMPT_WINDOW_MS) this.attempts.delete(k);
    const a = this.attempts.get(key);
    if (!a || now - a.since > ATTEMPT_WINDOW_MS) {
      this.attempts.set(key, { n: 1, since: now });
      return true;
    }
    a.n += 1;
    return a.n <= ATTEMPTS;
  }
}

function headers(res: HtmlResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function summary(l: PublicLink): string {
  return `<h1>${escapeHtml(l.shopName)}</h1><p class="muted">${l.orderNumber === null ? 'Order payment' : `Order #${l.orderNumber}`}</p><p class="amount" data-testid="pay-amount">${escapeHtml(priceText(l.amount, l.currency))}</p>`;
}

function form(l: PublicLink, error: string | null): string {
  return page(
    `Pay ${l.shopName}`,
    `<main data-outcome="${error ? 'declined' : 'form'}">${summary(l)}
<form method="post" action="/pay/${escapeHtml(l.token)}" novalidate>
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" maxlength="23" required placeholder="4242 4242 4242 4242"${error ? ' aria-invalid="true" aria-describedby="pay-error"' : ''}>
<div class="row"><div><label for="exp">Expiry (MM/YY)</label><input id="exp" name="exp" autocomplete="cc-exp" maxlength="7" placeholder="12/34"></div><div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" placeholder="123"></div></div>
${error ? `<p class="error" id="pay-error" role="alert">${escapeHtml(error)}</p>` : ''}
<button type="submit">Pay ${escapeHtml(priceText(l.amount, l.currency))}</button>
</form>
<p class="hint">Test payment page: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. No real money is taken.</p></main>`,
  );
}
