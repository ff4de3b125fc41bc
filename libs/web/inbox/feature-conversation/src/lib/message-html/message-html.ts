import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';
import { DOCUMENT } from '@angular/common';
import { ChatAttachment } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { MessageHtmlDocument } from '@parley/web/shared/data-access';

/** The inbound flow writes an inline image's `cid:` as this, with the id of the attachment it stored (issue #10). */
const ATTACHMENT_REF = /parley-attachment:([0-9a-f-]{36})/gi;

/**
 * The document the sandboxed frame shows: the server-sanitised HTML of an e-mail with a Content
 * Security Policy that runs nothing (no scripts, forms, frames, fonts or connections) and loads
 * images only from Parley's own attachments (inline `cid:` images) and data: URLs until the
 * operator asks for remote images — a tracking pixel reports nothing by merely opening the mail.
 * Links open in a new tab, without a referrer.
 */
export function emailDocument(html: string, attachments: readonly ChatAttachment[], origin: string, remoteImages: boolean): string {
  const urls = new Map(attachments.map((a) => [a.id.toLowerCase(), a.url]));
  let body = html.replace(ATTACHMENT_REF, (whole, id: string) => {
    const url = urls.get(id.toLowerCase());
    return url ? escapeAttr(new URL(url, origin).href) : whole;
  });
  // the server keeps a remote image's address aside (`data-remote-src`, already attribute-escaped): put back on request
  if (remoteImages) body = body.replace(/\sdata-remote-src=/gi, ' src=');
  const img = remoteImages ? `img-src ${origin} data: https: http:` : `img-src ${origin} data:`;
  const csp = `default-src 'none'; ${img}; style-src 'unsafe-inline'; form-action 'none'; frame-src 'none'; base-uri 'none'`;
  return (
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="referrer" content="no-referrer"><base target="_blank">` +
    `<style>body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#1f2937;overflow-wrap:anywhere}img{max-width:100%;height:auto}blockquote{margin:0 0 0 8px;padding-left:8px;border-left:2px solid #ccc;color:#555}</style>` +
    `</head><body>${body}</body></html>`
  );
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether the HTML refers to any image not stored by Parley (so "Show images" has something to do). */
export function hasRemoteImages(html: string): boolean {
  return /\sdata-remote-src=/i.test(html) || /<img\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?\/\//i.test(html) || /url\(\s*["']?\s*(https?:)?\/\//i.test(html);
}

/**
 * Issue #10: an e-mail's full HTML in the thread, behind "Show full message" (the bubble shows the
 * new text; quoted replies and signatures are in here). Rendered in a sandboxed frame without
 * scripts or same-origin access, remote images blocked until "Show images".
 */
@Component({
  selector: 'pl-message-html',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (!open()) {
      <button type="button" class="link" (click)="show()" [disabled]="loading()" data-testid="show-full-message" aria-label="Show the full e-mail">
        {{ loading() ? 'Loading…' : 'Show full message' }}
      </button>
      @if (error()) {
        <span class="error" role="alert">{{ error() }}</span>
      }
    } @else {
      <div class="bar">
        <button type="button" class="link" (click)="open.set(false)" data-testid="hide-full-message">Hide full message</button>
        @if (remote() && !images()) {
          <span class="blocked">Remote images are blocked.</span>
          <button type="button" class="link" (click)="images.set(true)" data-testid="show-images">Show images</button>
        }
      </div>
      <iframe
        data-testid="message-html"
        title="Full e-mail"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        [srcdoc]="srcdoc()"
      ></iframe>
    }
  `,
  styles: `
    :host { display: block; margin-top: 4px; }
    .link { background: none; border: 0; padding: 0; color: inherit; text-decoration: underline; cursor: pointer; font: var(--mat-sys-label-small); opacity: .85; }
    .link:focus-visible { outline: 2px solid #3f51b5; outline-offset: 2px; }
    .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; margin-bottom: 4px; font: var(--mat-sys-label-small); }
    .blocked { opacity: .75; }
    .error { margin-left: 8px; color: var(--mat-sys-error); font: var(--mat-sys-label-small); }
    iframe { display: block; width: 100%; min-width: 280px; height: 360px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; background: #fff; resize: vertical; overflow: auto; }
  `,
})
export class MessageHtml {
  readonly messageId = input.required<string>();
  readonly attachments = input<readonly ChatAttachment[] | null | undefined>([]);

  private readonly api = inject(ApiClient);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly html = signal('');
  protected readonly loading = signal(false);
  protected readonly error = signal('');
  private readonly origin = inject(DOCUMENT).location?.origin ?? 'http://localhost';
  protected readonly open = signal(false);
  protected readonly images = signal(false);
  protected readonly remote = computed(() => hasRemoteImages(this.html()));
  /** `srcdoc` of a sandboxed frame: trusted as a frame document only because the frame runs nothing and shares no origin. */
  protected readonly srcdoc = computed<SafeHtml>(() =>
    this.sanitizer.bypassSecurityTrustHtml(emailDocument(this.html(), this.attachments() ?? [], this.origin, this.images())),
  );

  protected async show(): Promise<void> {
    if (this.html()) {
      this.open.set(true);
      return;
    }
    this.loading.set(true);
    this.error.set('');
    try {
      const r = await this.api.request(MessageHtmlDocument, { messageId: this.messageId() });
      this.html.set(r.messageHtml ?? '');
      this.open.set(true);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }
}
