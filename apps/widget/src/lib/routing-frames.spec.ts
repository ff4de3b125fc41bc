import { parseServerFrame } from './frames';
import { queueText } from './widget-view';
import { uiTexts } from './i18n';
import { loadAllLanguages } from './test-fixtures';

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
    expect(queueText({ position: 2, etaSeconds: 180 })).toBe('You are number 2 in the queue · Estimated wait: 3 min');
    expect(queueText({ position: 1, etaSeconds: 20 })).toBe('You are number 1 in the queue · Estimated wait: less than a minute');
    expect(queueText({ position: 3, etaSeconds: null })).toBe('You are number 3 in the queue');
    // SPEC C5: in the visitor's language
    loadAllLanguages();
    expect(queueText({ position: 2, etaSeconds: 180 }, uiTexts('pl'))).toBe('Jesteś 2. w kolejce · Szacowany czas oczekiwania: 3 min');
    expect(queueText({ position: 1, etaSeconds: 20 }, uiTexts('de'))).toBe('Sie sind Nummer 1 in der Warteschlange · Geschätzte Wartezeit: weniger als eine Minute');
  });
});
