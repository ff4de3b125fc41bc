/** @jest-environment jsdom */
import { linkify } from './linkify';

const render = (text: string) => {
  const div = document.createElement('div');
  for (const n of linkify(text)) div.append(n);
  return div;
};

describe('linkify (issue #12, E5: the payment link in the chat is clickable)', () => {
  it('turns http(s) addresses into links opening in a new tab, the rest stays text', () => {
    const div = render('Payment for order #7: €36.00\nPay here: https://shop.example.com/pay/AbC_-12.');
    const a = div.querySelectorAll('a');
    expect(a).toHaveLength(1);
    expect(a[0].getAttribute('href')).toBe('https://shop.example.com/pay/AbC_-12');
    expect(a[0].textContent).toBe('https://shop.example.com/pay/AbC_-12');
    expect(a[0].target).toBe('_blank');
    expect(a[0].rel).toBe('noopener noreferrer nofollow');
    expect(div.textContent).toBe('Payment for order #7: €36.00\nPay here: https://shop.example.com/pay/AbC_-12.');
    expect(render('see http://localhost:3000/pay/x and (https://a.test/b)').querySelectorAll('a')).toHaveLength(2);
  });

  it('never links other schemes and never parses HTML', () => {
    const div = render('javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)> ftp://x.test');
    expect(div.querySelectorAll('a, img, b')).toHaveLength(0);
    expect(div.textContent).toContain('<img src=x onerror=alert(1)>');
    const tricky = render('https://x.test/"onmouseover="alert(1)');
    const a = tricky.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://x.test/');
    expect(a.getAttribute('onmouseover')).toBeNull();
    expect(render('plain text').childNodes).toHaveLength(1);
  });
});
