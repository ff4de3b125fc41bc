import { parseServerFrame } from './frames';
import { queueText } from './widget-view';

const json = (v: unknown) => JSON.stringify(v);

describe('routing frames (SPEC B4–B6)', () => {
  it('parses availability, queue and participant frames and welcome.available', () => {
    expect(parseServerFrame(json({ type: 'availability', available: false }))).toEqual({ type: 'availability', available: false });
    expect(parseServerFrame(json({ type: 'queue', position: 2, etaSeconds: 181.4 }))).toEqual({ type: 'queue', position: 2, etaSeconds: 181 });
    expect(parseServerFrame(json({ type: 'queue', position: null, etaSeconds: 30 }))).toEqual({ type: 'queue', position: null, etaSeconds: null });
    expect(parseServerFrame(json({ type: 'participant', event: 'joined', name: ' Anna ', avatarUrl: 'javascript:alert(1)' }))).toEqual({ type: 'participant', event: 'joined', name: 'Anna', avatarUrl: null });
    const welcome = parseServerFrame(json({ type: 'welcome', visitorToken: 't', conversationId: null, lastSeq: 0, settings: {}, available: false }));
    expect(welcome).toMatchObject({ type: 'welcome', available: false });
  });

  it('drops malformed ones', () => {
    expect(parseServerFrame(json({ type: 'availability', available: 'yes' }))).toBeNull();
    expect(parseServerFrame(json({ type: 'queue', position: -1, etaSeconds: 5 }))).toEqual({ type: 'queue', position: null, etaSeconds: null });
    expect(parseServerFrame(json({ type: 'participant', event: 'waved', name: 'Anna' }))).toBeNull();
    expect(parseServerFrame(json({ type: 'participant', event: 'joined', name: '  ' }))).toBeNull();
  });

  it('words the queue line', () => {
    expect(queueText({ position: 2, etaSeconds: 180 })).toBe('You are #2 in the queue · about 3 min');
    expect(queueText({ position: 1, etaSeconds: 20 })).toBe('You are #1 in the queue · less than a minute');
    expect(queueText({ position: 3, etaSeconds: null })).toBe('You are #3 in the queue');
  });
});
