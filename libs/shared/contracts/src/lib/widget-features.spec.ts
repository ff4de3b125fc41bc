import { contactValueError, DisplayRule, DisplayRules, domainMatches, evaluateDisplayRules, globMatch, rulesNeedCountry, validateDisplayRules } from './widget-features';

const rule = (over: Partial<DisplayRule> = {}): DisplayRule => ({ domains: [], urlContains: '', urlNotContains: '', urlPattern: '', countries: [], action: 'show', teaserText: '', openAfterSeconds: 0, ...over });
const rules = (list: DisplayRule[], over: Partial<DisplayRules> = {}): DisplayRules => ({ hideOnMobile: false, defaultAction: 'show', rules: list, ...over });
const at = (url: string, country: string | null = null, mobile = false) => ({ url, country, mobile });

describe('display rules (C4)', () => {
  it('globs match * and ? case-insensitively without regular expressions', () => {
    expect(globMatch('*/checkout*', 'https://shop.example.com/checkout/step-1')).toBe(true);
    expect(globMatch('*/checkout*', 'https://shop.example.com/cart')).toBe(false);
    expect(globMatch('https://*.example.com/p/?', 'https://SHOP.example.com/p/7')).toBe(true);
    expect(globMatch('https://*.example.com/p/?', 'https://shop.example.com/p/77')).toBe(false);
    expect(globMatch('', '')).toBe(true);
  });

  it('a pathological pattern finishes quickly (no catastrophic backtracking)', () => {
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(2000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('domains match exactly, ignoring www., or any subdomain with *.', () => {
    expect(domainMatches('shop.example.com', 'www.shop.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(domainMatches('example.com', 'example.com.evil.io')).toBe(false);
  });

  it('the first matching rule decides; every condition set must match; else the default', () => {
    const r = rules([
      rule({ urlPattern: '*/checkout*', action: 'hide' }),
      rule({ domains: ['shop.example.com'], urlContains: '/sale', urlNotContains: 'outlet', action: 'teaser', teaserText: 'Need help choosing?' }),
      rule({ countries: ['PL', 'DE'], action: 'open', openAfterSeconds: 10 }),
    ]);
    expect(evaluateDisplayRules(r, at('https://shop.example.com/checkout'))).toEqual({ visible: false, teaser: null, openAfterSeconds: null });
    expect(evaluateDisplayRules(r, at('https://shop.example.com/sale/shoes'))).toEqual({ visible: true, teaser: 'Need help choosing?', openAfterSeconds: null });
    expect(evaluateDisplayRules(r, at('https://shop.example.com/sale/outlet', 'PL'))).toEqual({ visible: true, teaser: null, openAfterSeconds: 10 });
    expect(evaluateDisplayRules(r, at('https://other.example.org/sale', 'FR'))).toEqual({ visible: true, teaser: null, openAfterSeconds: null });
    expect(evaluateDisplayRules({ ...r, defaultAction: 'hide' }, at('https://other.example.org/', null)).visible).toBe(false);
    // a country rule never matches an unknown country
    expect(evaluateDisplayRules(rules([rule({ countries: ['PL'], action: 'hide' })]), at('https://x.io/', null)).visible).toBe(true);
    expect(rulesNeedCountry(r)).toBe(true);
    expect(rulesNeedCountry(rules([rule()]))).toBe(false);
  });

  it('hides on mobile before any rule', () => {
    const r = rules([rule({ action: 'teaser', teaserText: 'Hi' })], { hideOnMobile: true });
    expect(evaluateDisplayRules(r, at('https://x.io/', null, true)).visible).toBe(false);
    expect(evaluateDisplayRules(r, at('https://x.io/', null, false)).teaser).toBe('Hi');
    expect(evaluateDisplayRules(undefined, at('not a url')).visible).toBe(true);
  });

  it('validation names every bad field', () => {
    expect(validateDisplayRules(rules([rule({ domains: ['shop.example.com', '*.example.com'], countries: ['PL'], urlPattern: '*/p/*' })]))).toEqual([]);
    const errors = validateDisplayRules({ hideOnMobile: 1, defaultAction: 'x', rules: [rule({ domains: ['a b'], countries: ['pl'], action: 'teaser', openAfterSeconds: -1, urlContains: 'x'.repeat(201) }), 'nope'] });
    expect(errors.map((e) => e.field)).toEqual([
      'displayRules.hideOnMobile',
      'displayRules.defaultAction',
      'displayRules.rules.0.domains.0',
      'displayRules.rules.0.countries.0',
      'displayRules.rules.0.urlContains',
      'displayRules.rules.0.teaserText',
      'displayRules.rules.0.openAfterSeconds',
      'displayRules.rules.1',
    ]);
    expect(validateDisplayRules({ hideOnMobile: false, defaultAction: 'show', rules: Array.from({ length: 21 }, () => rule()) })[0].message).toMatch(/At most 20/);
    expect(validateDisplayRules(null)).toEqual([{ field: 'displayRules', message: 'Must be an object' }]);
  });
});

describe('contact values (C3)', () => {
  it('checks e-mail, phone, length and type', () => {
    expect(contactValueError('email', 'ewa@example.com')).toBeNull();
    expect(contactValueError('email', 'ewa@example')).toMatch(/e-mail/);
    expect(contactValueError('email', 'a b@example.com')).toMatch(/e-mail/);
    expect(contactValueError('phone', '+48 600 100 200')).toBeNull();
    expect(contactValueError('phone', '12')).toMatch(/phone/);
    expect(contactValueError('phone', '+48 600 100 200 300 400')).toMatch(/.+/);
    expect(contactValueError('name', 'x'.repeat(101))).toMatch(/At most 100/);
    expect(contactValueError('name', '   ')).toBe('Required');
    expect(contactValueError('name', 42)).toBe('Must be text');
  });
});
