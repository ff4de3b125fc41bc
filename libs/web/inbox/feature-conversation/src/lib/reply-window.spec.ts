import { replyWindow } from './reply-window';

describe('replyWindow (issue #10)', () => {
  const wrote = '2026-12-04T10:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('is none for channels without a window', () => {
    expect(replyWindow(null, wrote, at(wrote))).toBeNull();
    expect(replyWindow(0, wrote, at(wrote))).toBeNull();
  });

  it('is open for the hours after the client wrote, saying how long is left', () => {
    const w = replyWindow(24, wrote, at('2026-12-05T06:30:00.000Z'));
    expect(w).toMatchObject({ open: true, endsAt: new Date('2026-12-05T10:00:00.000Z') });
    expect(w?.text).toContain('3 h 30 min left');
    expect(replyWindow(24, wrote, at('2026-12-05T09:59:30.000Z'))?.text).toContain('1 min left');
  });

  it('is closed from the last hour on, and when the client never wrote', () => {
    expect(replyWindow(24, wrote, at('2026-12-05T10:00:00.000Z'))).toMatchObject({ open: false, endsAt: new Date('2026-12-05T10:00:00.000Z') });
    expect(replyWindow(24, wrote, at('2026-12-06T10:00:00.000Z'))?.text).toMatch(/^The 24-hour reply window closed .+: a reply can be sent once the client writes again\.$/);
    expect(replyWindow(24, null, at(wrote), 'WhatsApp')).toMatchObject({ open: false, endsAt: null, text: expect.stringContaining('WhatsApp allows replies only within 24 hours') });
    expect(replyWindow(24, 'not a date', at(wrote))?.open).toBe(false);
  });
});
