import { encodeClientFrame, parseCard, parseServerFrame, parseVisitorMessage } from './frames';
import { DEFAULT_SETTINGS } from './settings';
import { msg } from './test-fixtures';

const json = (v: unknown) => JSON.stringify(v);

describe('parseServerFrame', () => {
  it('accepts the four frame types of the protocol', () => {
    const settings = { ...DEFAULT_SETTINGS, title: 'Acme', color: '#ff0000', position: 'left' };
    expect(parseServerFrame(json({ type: 'welcome', visitorToken: 't', conversationId: null, lastSeq: 0, settings }))).toEqual({
      type: 'welcome',
      visitorToken: 't',
      conversationId: null,
      lastSeq: 0,
      settings,
      operatorReadSeq: 0,
    });
    expect(parseServerFrame(json({ type: 'ack', clientId: 'c', message: msg(1) }))).toEqual({ type: 'ack', clientId: 'c', message: msg(1) });
    expect(parseServerFrame(json({ type: 'message', message: msg(2) }))).toEqual({ type: 'message', message: msg(2) });
    expect(parseServerFrame(json({ type: 'error', code: 'RATE_LIMITED', message: 'slow', clientId: 'c' }))).toEqual({
      type: 'error',
      code: 'RATE_LIMITED',
      message: 'slow',
      clientId: 'c',
    });
  });

  it.each([
    ['not a string', 42],
    ['binary', Buffer.from('{}')],
    ['invalid JSON', '{"type":'],
    ['JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['unknown type', json({ type: 'typing' })],
    ['no type', json({ message: msg(1) })],
    ['welcome without token', json({ type: 'welcome', conversationId: null, lastSeq: 0 })],
    ['ack without clientId', json({ type: 'ack', message: msg(1) })],
    ['ack with huge clientId', json({ type: 'ack', clientId: 'x'.repeat(65), message: msg(1) })],
    ['message with no id', json({ type: 'message', message: { ...msg(1), id: '' } })],
    ['message with seq 0', json({ type: 'message', message: msg(0) })],
    ['message with fractional seq', json({ type: 'message', message: { ...msg(1), seq: 1.5 } })],
    ['message with string seq', json({ type: 'message', message: { ...msg(1), seq: '1' } })],
    ['message with numeric body', json({ type: 'message', message: { ...msg(1), body: 5 } })],
    ['message with unknown author', json({ type: 'message', message: { ...msg(1), authorType: 'bot' } })],
    ['error without code', json({ type: 'error', message: 'x' })],
    ['typing without active', json({ type: 'typing', name: 'Anna' })],
    ['typing with string active', json({ type: 'typing', active: 'yes' })],
    ['message_edited without message', json({ type: 'message_edited' })],
    ['message_edited with a bad message', json({ type: 'message_edited', message: { ...msg(1), seq: -1 } })],
  ])('drops %s', (_label, data) => {
    expect(parseServerFrame(data)).toBeNull();
  });

  it('normalises sloppy but usable frames', () => {
    const welcome = parseServerFrame(json({ type: 'welcome', visitorToken: 't', lastSeq: -4, settings: { color: 'url(javascript:x)', position: 'top' } }));
    expect(welcome).toMatchObject({ conversationId: null, lastSeq: 0, settings: DEFAULT_SETTINGS });
    expect(parseServerFrame(json({ type: 'error', code: 'X' }))).toEqual({ type: 'error', code: 'X', message: '' });
    const m = parseVisitorMessage({ ...msg(1), authorName: '  ', clientId: 7, createdAt: null, extra: '<b>' });
    expect(m).toMatchObject({ authorName: null, clientId: null, createdAt: '' });
    expect(m).not.toHaveProperty('extra');
  });

  it('accepts the live frames: typing, read marks, edits (SPEC A6, A10)', () => {
    expect(parseServerFrame(json({ type: 'typing', active: true, name: 'Anna' }))).toEqual({ type: 'typing', active: true, name: 'Anna' });
    expect(parseServerFrame(json({ type: 'typing', active: false, name: 7 }))).toEqual({ type: 'typing', active: false, name: null });
    expect(parseServerFrame(json({ type: 'read', operatorReadSeq: 3, visitorReadSeq: 2 }))).toEqual({ type: 'read', operatorReadSeq: 3, visitorReadSeq: 2 });
    expect(parseServerFrame(json({ type: 'read', operatorReadSeq: -3, visitorReadSeq: 'x' }))).toEqual({ type: 'read', operatorReadSeq: 0, visitorReadSeq: 0 });
    const edited = { ...msg(1), body: 'new', editedAt: '2025-01-01T12:05:00.000Z' };
    expect(parseServerFrame(json({ type: 'message_edited', message: edited }))).toEqual({ type: 'message_edited', message: edited });
    expect(parseServerFrame(json({ type: 'welcome', visitorToken: 't', lastSeq: 4, operatorReadSeq: 2 }))).toMatchObject({ operatorReadSeq: 2 });
    expect(parseServerFrame(json({ type: 'error', code: 'EDIT_NOT_ALLOWED', message: 'old', messageId: 'm1' }))).toEqual({ type: 'error', code: 'EDIT_NOT_ALLOWED', message: 'old', messageId: 'm1' });
  });

  it('accepts a resync with its conversation and first seq, and refuses one without', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'resync', conversationId: 'c1', fromSeq: 7, lastSeq: 506 }))).toEqual({ type: 'resync', conversationId: 'c1', fromSeq: 7, lastSeq: 506 });
    expect(parseServerFrame(JSON.stringify({ type: 'resync', conversationId: 'c1', fromSeq: 7 }))).toEqual({ type: 'resync', conversationId: 'c1', fromSeq: 7, lastSeq: 7 });
    expect(parseServerFrame(JSON.stringify({ type: 'resync', fromSeq: 7 }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'resync', conversationId: 'c1', fromSeq: -1 }))).toBeNull();
  });

  it('encodes client frames as JSON', () => {
    expect(JSON.parse(encodeClientFrame({ type: 'send', clientId: 'c', body: 'hi' }))).toEqual({ type: 'send', clientId: 'c', body: 'hi' });
  });
});

describe('parseCard (issue #12: product cards from operators)', () => {
  const card = { kind: 'product', productId: 'p1', sku: 'mug', name: 'Stoneware Mug', price: '18.00', currency: 'EUR', imageUrl: 'https://shop.example/mug.png', url: 'https://shop.example/mug' };
  it('keeps a sane card and drops links that are not http(s)', () => {
    expect(parseCard(card)).toEqual(card);
    expect(parseCard({ ...card, url: 'javascript:alert(1)', imageUrl: 'data:image/png;base64,AAAA' })).toEqual({ ...card, url: null, imageUrl: null });
  });
  it('refuses a card with a missing name, a float-looking or negative price, a bad currency or another kind', () => {
    for (const bad of [{ ...card, name: '' }, { ...card, price: '-1' }, { ...card, price: '1e5' }, { ...card, currency: 'euro' }, { ...card, kind: 'order' }, null, 'card']) expect(parseCard(bad)).toBeNull();
  });
});
