import { DomainException } from './domain.exception';
import { decodeCursor, encodeCursor } from './cursor';

describe('keyset cursor', () => {
  it('round-trips time and id', () => {
    const c = { at: new Date('2026-01-02T03:04:05.678Z'), id: '0b7e7c1e-4a4f-4bb8-9a43-1f6f7f0a1c2d' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it.each(['', 'garbage', Buffer.from('not-a-date|0b7e7c1e-4a4f-4bb8-9a43-1f6f7f0a1c2d').toString('base64url'), Buffer.from('2026-01-01T00:00:00Z|nope').toString('base64url')])(
    'rejects %p as bad input',
    (bad) => {
      expect(() => decodeCursor(bad)).toThrow(DomainException);
    },
  );
});
