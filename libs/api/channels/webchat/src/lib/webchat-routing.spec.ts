import { readWebchatRouting, routeToGroup, validateWebchatRouting } from './webchat-routing';

const SALES = '11111111-1111-4111-8111-111111111111';
const SUPPORT = '22222222-2222-4222-8222-222222222222';
const GONE = '33333333-3333-4333-8333-333333333333';
const known = new Set([SALES, SUPPORT]);
const routing = { defaultGroupId: SUPPORT, pageRules: [{ urlContains: '/Pricing', groupId: SALES }, { urlContains: '/old', groupId: GONE }] };

describe('web chat routing', () => {
  it('data-group wins when it names a known group', () => {
    expect(routeToGroup(routing, 'https://shop.test/pricing', SUPPORT, known)).toBe(SUPPORT);
    expect(routeToGroup(routing, 'https://shop.test/pricing', GONE, known)).toBe(SALES);
    expect(routeToGroup(routing, 'https://shop.test/', 'not-a-uuid', known)).toBe(SUPPORT);
  });

  it('the first matching page rule, case-insensitive, else the default group', () => {
    expect(routeToGroup(routing, 'https://shop.test/PRICING?x=1', null, known)).toBe(SALES);
    expect(routeToGroup(routing, 'https://shop.test/contact', null, known)).toBe(SUPPORT);
    // a rule pointing at a deleted group is skipped
    expect(routeToGroup(routing, 'https://shop.test/old', null, known)).toBe(SUPPORT);
    expect(routeToGroup({ defaultGroupId: null, pageRules: [] }, 'https://shop.test/', null, known)).toBeNull();
    expect(routeToGroup({ defaultGroupId: GONE, pageRules: [] }, null, null, known)).toBeNull();
  });

  it('reads any stored shape safely', () => {
    expect(readWebchatRouting({})).toEqual({ defaultGroupId: null, pageRules: [] });
    expect(readWebchatRouting({ routing: { defaultGroupId: 5, pageRules: [{ urlContains: 1 }, { urlContains: '/a', groupId: SALES }] } })).toEqual({
      defaultGroupId: null,
      pageRules: [{ urlContains: '/a', groupId: SALES }],
    });
  });

  it('validates rules', () => {
    expect(validateWebchatRouting(routing)).toEqual([]);
    expect(validateWebchatRouting({ defaultGroupId: null, pageRules: [{ urlContains: ' ', groupId: '' }, { urlContains: 'x'.repeat(201), groupId: SALES }] }).map((e) => e.field)).toEqual([
      'pageRules.0.urlContains',
      'pageRules.0.groupId',
      'pageRules.1.urlContains',
    ]);
  });
});
