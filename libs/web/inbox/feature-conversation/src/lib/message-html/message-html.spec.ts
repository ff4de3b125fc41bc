import { ChatAttachment } from '@parley/shared/contracts';
import { TestBed } from '@angular/core/testing';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { emailDocument, hasRemoteImages, MessageHtml } from './message-html';

const logo: ChatAttachment = { id: '11111111-1111-4111-8111-111111111111', name: 'logo.png', mime: 'image/png', size: 10, url: '/api/attachments/11111111-1111-4111-8111-111111111111?sig=a&b=1' };

describe('emailDocument (issue #10)', () => {
  it('runs nothing and loads only Parley\'s own files until remote images are allowed', () => {
    const doc = emailDocument('<p>Hi</p><img src="https://track.example/p.gif">', [], 'https://parley.test', false);
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(doc)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src https://parley.test data:;');
    expect(csp).not.toMatch(/script-src|https: http:/);
    expect(doc).toContain('<base target="_blank">');
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
    expect(emailDocument('<p>Hi</p>', [], 'https://parley.test', true)).toContain('img-src https://parley.test data: https: http:;');
  });

  it('points inline images at their stored files, escaped; an unknown one stays as it is', () => {
    const doc = emailDocument(`<img src="parley-attachment:${logo.id.toUpperCase()}"><img src="parley-attachment:22222222-2222-4222-8222-222222222222">`, [logo], 'https://parley.test', false);
    expect(doc).toContain(`<img src="https://parley.test/api/attachments/${logo.id}?sig=a&amp;b=1">`);
    expect(doc).toContain('parley-attachment:22222222-2222-4222-8222-222222222222');
  });

  it('puts back the remote images the server kept aside only when asked', () => {
    const html = '<p>Hi</p><img alt="logo" data-remote-src="https://shop.example/logo.png?a=1&amp;b=2">';
    expect(emailDocument(html, [], 'https://parley.test', false)).toContain('data-remote-src="https://shop.example/logo.png?a=1&amp;b=2"');
    expect(emailDocument(html, [], 'https://parley.test', true)).toContain('<img alt="logo" src="https://shop.example/logo.png?a=1&amp;b=2">');
    expect(hasRemoteImages(html)).toBe(true);
    // text that merely mentions the attribute is not an attribute
    expect(emailDocument('<p>data-remote-src=x</p>', [], 'https://parley.test', true)).toContain('<p>data-remote-src=x</p>');
  });

  it('knows when there are remote images to show', () => {
    expect(hasRemoteImages('<img src="https://x.test/a.png">')).toBe(true);
    expect(hasRemoteImages("<IMG alt=x SRC='//x.test/a.png'>")).toBe(true);
    expect(hasRemoteImages('<div style="background:url(http://x.test/bg.png)">')).toBe(true);
    expect(hasRemoteImages(`<img src="parley-attachment:${logo.id}"><a href="https://x.test">link</a>`)).toBe(false);
  });
});

describe('MessageHtml (issue #10)', () => {
  async function render(answer: (messageId: string) => Promise<unknown>) {
    const request = jest.fn(async (_doc: unknown, v: { messageId: string }) => answer(v.messageId));
    TestBed.configureTestingModule({ providers: [{ provide: ApiClient, useValue: { request } }] });
    const fixture = TestBed.createComponent(MessageHtml);
    fixture.componentRef.setInput('messageId', 'm-1');
    fixture.componentRef.setInput('attachments', [logo]);
    const settle = async () => {
      fixture.detectChanges();
      for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
      fixture.detectChanges();
    };
    await settle();
    const el = fixture.nativeElement as HTMLElement;
    const click = async (id: string) => {
      el.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)?.click();
      await settle();
    };
    return { el, request, click };
  }

  it('fetches the HTML when opened and shows it in a sandbox that cannot run scripts; "Show images" lifts the block', async () => {
    const r = await render(async () => ({ messageHtml: '<p>Order #12</p><img src="https://track.example/p.gif">' }));
    expect(r.request).not.toHaveBeenCalled();
    expect(r.el.querySelector('iframe')).toBeNull();
    await r.click('show-full-message');
    expect(r.request).toHaveBeenCalledTimes(1);
    const frame = r.el.querySelector<HTMLIFrameElement>('[data-testid="message-html"]');
    expect(frame?.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(frame?.getAttribute('srcdoc')).toContain('<p>Order #12</p>');
    expect(frame?.getAttribute('srcdoc')).not.toContain('https: http:');
    expect(r.el.textContent).toContain('Remote images are blocked.');
    await r.click('show-images');
    expect(r.el.querySelector('iframe')?.getAttribute('srcdoc')).toContain('https: http:');
    // hiding and showing again does not fetch again
    await r.click('hide-full-message');
    await r.click('show-full-message');
    expect(r.request).toHaveBeenCalledTimes(1);
  });

  it('says why the HTML could not be fetched, and stays closed', async () => {
    const r = await render(async () => {
      throw new GraphqlRequestError('NOT_FOUND', 'Message not found');
    });
    await r.click('show-full-message');
    expect(r.el.querySelector('iframe')).toBeNull();
    expect(r.el.querySelector('[role="alert"]')?.textContent).toContain('no longer exists');
  });
});
