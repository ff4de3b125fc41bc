import { MAX_CLIENT_ID_LENGTH } from '@parley/shared/contracts';
import { createClientId } from './client-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createClientId', () => {
  it('uses crypto.randomUUID when present', () => {
    expect(createClientId({ randomUUID: () => 'from-crypto' })).toBe('from-crypto');
    expect(createClientId()).toMatch(UUID_V4);
  });

  it('falls back to getRandomValues, then Math.random, producing v4 UUIDs', () => {
    const throwing = () => {
      throw new Error('insecure context');
    };
    const viaBytes = createClientId({ randomUUID: throwing, getRandomValues: (a) => a.fill(0xff) });
    expect(viaBytes).toMatch(UUID_V4);
    const viaMath = createClientId(undefined, () => 0.5);
    expect(viaMath).toMatch(UUID_V4);
    expect(createClientId({ getRandomValues: throwing as never })).toMatch(UUID_V4);
  });

  it('stays within the server limit and is unique enough', () => {
    const ids = new Set(Array.from({ length: 500 }, () => createClientId({})));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(MAX_CLIENT_ID_LENGTH);
  });
});
