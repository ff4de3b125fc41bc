import { Controller, Get, Query, Res } from '@nestjs/common';
import { escapeHtml } from '@parley/api/platform/mail';
import { ConsentOutcome, MarketingConsentService } from './marketing-consent.service';

interface HtmlResponse {
  status(code: number): HtmlResponse;
  type(t: string): HtmlResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

const PAGES: Record<ConsentOutcome, { status: number; title: string; text: string }> = {
  confirmed: { status: 200, title: 'Thank you — confirmed', text: 'Your consent to receive marketing e-mails is confirmed.' },
  already: { status: 200, title: 'Already confirmed', text: 'This link has already been used: your consent was confirmed before.' },
  expired: { status: 410, title: 'This link has expired', text: 'The confirmation link is too old. Tick the consent box in the chat again to get a new one.' },
  invalid: { status: 400, title: 'This link is not valid', text: 'The confirmation link is incomplete or was changed. Open it again from the e-mail.' },
};

/** SPEC C8: the link in the double opt-in e-mail lands here; a small HTML page says what happened. */
@Controller('consent')
export class ConsentController {
  constructor(private readonly consent: MarketingConsentService) {}

  @Get('confirm')
  async confirm(@Query('token') token: unknown, @Res() res: HtmlResponse): Promise<void> {
    const outcome = await this.consent.confirm(token);
    const p = PAGES[outcome];
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.status(p.status).type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(p.title)}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f3f4f6;color:#1f2937}
main{max-width:28rem;margin:20vh auto 0;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);text-align:center}</style>
</head><body><main data-outcome="${outcome}"><h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.text)}</p></main></body></html>`);
  }
}
