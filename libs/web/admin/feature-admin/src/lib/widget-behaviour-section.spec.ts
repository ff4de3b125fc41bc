import { validateDisplayRules } from '@parley/shared/contracts';
import { RuleRow, toRulesInput } from './widget-behaviour-section';

const row = (over: Partial<RuleRow> = {}): RuleRow => ({ domains: '', urlContains: '', urlNotContains: '', urlPattern: '', countries: '', action: 'hide', teaserText: '', openAfterSeconds: 0, ...over });

describe('widget behaviour section: display rules form', () => {
  it('turns comma-separated domains and countries into clean lists', () => {
    const input = toRulesInput(true, 'show', [row({ domains: ' Shop.Example.com, *.example.org ,', countries: 'pl, de', urlPattern: ' */checkout* ' })]);
    expect(input).toEqual({
      hideOnMobile: true,
      defaultAction: 'show',
      rules: [{ domains: ['shop.example.com', '*.example.org'], urlContains: '', urlNotContains: '', urlPattern: '*/checkout*', countries: ['PL', 'DE'], action: 'hide', teaserText: '', openAfterSeconds: 0 }],
    });
    expect(validateDisplayRules(input)).toEqual([]);
  });

  it('bad rows are caught before saving, with the field to highlight', () => {
    const input = toRulesInput(false, 'show', [row({ domains: 'not a domain', countries: 'Poland', action: 'teaser', openAfterSeconds: 9999 })]);
    expect(validateDisplayRules(input).map((e) => e.field)).toEqual([
      'displayRules.rules.0.domains.0',
      'displayRules.rules.0.countries.0',
      'displayRules.rules.0.teaserText',
      'displayRules.rules.0.openAfterSeconds',
    ]);
  });
});
