import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ChannelsService } from '@parley/api/channels/core';
import { widgetSettings } from './webchat-settings';
import { WEBCHAT_KIND } from './webchat.adapter';

interface HtmlResponse {
  status(code: number): HtmlResponse;
  type(t: string): HtmlResponse;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

const KEY = /^[A-Za-z0-9_-]{1,100}$/;

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function csp(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // the widget's shadow-root <style> and inline CSS custom properties
    "style-src 'unsafe-inline'",
    'img-src https: data:',
    "connect-src 'self' ws: wss:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f3f4f6;color:#1f2937}
.note{max-width:28rem;margin:20vh auto 0;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);text-align:center}
.note h1{font-size:1.3rem;margin:0 0 .5rem}.note p{margin:0;color:#4b5563}
.sample{padding:24px 28px;max-width:40rem}.sample i{display:block;height:12px;margin:10px 0;border-radius:6px;background:#e5e7eb}</style>
</head>
<body>
${body}
</body>
</html>`;
}

const note = (heading: string, text: string) => `<main class="note" data-testid="chat-page-note"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></main>`;

/**
 * Public pages of the web chat: the direct chat link (`/chat/:channelKey`, SPEC A1/C10), a
 * full-page chat built from the real widget, and the admin preview (`/preview/widget`), the real
 * widget taking its settings from the parent page by postMessage instead of the socket.
 */
@Controller()
export class ChatPageController {
  constructor(private readonly channels: ChannelsService) {}

  @Get('chat/:channelKey')
  @Header('Cache-Control', 'no-cache')
  async chat(@Param('channelKey') channelKey: string, @Res() res: HtmlResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', csp("'none'"));
    res.setHeader('X-Frame-Options', 'DENY');
    const channel = KEY.test(channelKey) ? await this.channels.findByPublicKey(channelKey) : null;
    if (!channel || channel.type !== WEBCHAT_KIND) {
      res.status(404).type('html').send(page('Chat not found', note('This chat does not exist', 'Check the link you followed, or contact the website that gave it to you.')));
      return;
    }
    const settings = widgetSettings(channel.name, channel.settings ?? {});
    if (!channel.active) {
      res.status(503).type('html').send(page(settings.title, note(`${settings.title}: chat is not available`, 'This chat is switched off right now. Please try again later.')));
      return;
    }
    res
      .status(200)
      .type('html')
      .send(page(settings.title, `<noscript>${note('Chat needs JavaScript', 'Turn on JavaScript to chat with us.')}</noscript>\n<script async src="/widget.js" data-channel="${escapeHtml(channel.publicKey)}" data-mode="page"></script>`));
  }

  @Get('preview/widget')
  @Header('Cache-Control', 'no-cache')
  preview(@Query('channel') channel: string | undefined, @Res() res: HtmlResponse): void {
    res.setHeader('Content-Security-Policy', csp("'self'"));
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    const key = typeof channel === 'string' && KEY.test(channel) ? channel : 'preview';
    const sample = `<div class="sample" aria-hidden="true"><i style="width:40%"></i><i></i><i style="width:80%"></i><i style="width:60%"></i></div>`;
    res.status(200).type('html').send(page('Widget preview', `${sample}\n<script async src="/widget.js" data-channel="${escapeHtml(key)}" data-mode="preview"></script>`));
  }
}
