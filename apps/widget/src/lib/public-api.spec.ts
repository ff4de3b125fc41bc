import { PublicApi } from './public-api';
import { visitorIdOfToken } from './widget-app';
import { msg } from './test-fixtures';

describe('PublicApi', () => {
  it('remembers open/close requested before the widget started', () => {
    const early = jest.fn();
    const api = new PublicApi(early);
    api.close();
    api.open();
    expect(early).toHaveBeenCalledTimes(1);
    const target = { open: jest.fn(), close: jest.fn() };
    api.attach(target);
    expect(target.open).toHaveBeenCalledTimes(1);
    expect(target.close).not.toHaveBeenCalled();
    const { close } = api; // detached methods still work
    close();
    expect(target.close).toHaveBeenCalledTimes(1);
  });

  it('tells the page the visitor id once the widget is attached (issue #15: the shop server’s cart endpoint)', () => {
    const api = new PublicApi();
    expect(api.visitorId()).toBeNull();
    api.attach({ open: jest.fn(), close: jest.fn(), visitorId: () => 'v-1' });
    const { visitorId } = api;
    expect(visitorId()).toBe('v-1');
    const payload = Buffer.from(JSON.stringify({ sub: '5f0c9a52-0000-4000-8000-000000000001', ch: 'c', ws: 'w' })).toString('base64url');
    expect(visitorIdOfToken(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toBe('5f0c9a52-0000-4000-8000-000000000001');
    expect(visitorIdOfToken(null)).toBeNull();
    expect(visitorIdOfToken('garbage')).toBeNull();
    expect(visitorIdOfToken('a.!!!.b')).toBeNull();
  });

  it('subscribes, unsubscribes and isolates throwing callbacks', () => {
    const api = new PublicApi();
    const seen: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    api.on('message', () => {
      throw new Error('host bug');
    });
    const off = api.on('message', (m) => seen.push(m.id));
    api.emit('message', msg(1));
    off();
    api.emit('message', msg(2));
    expect(seen).toEqual(['m1']);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(() => api.on('bogus' as never, (() => 0) as never)).not.toThrow();
    expect(() => api.on('open', 'not a function' as never)).not.toThrow();
  });

  it('drains a queue of calls made before load, skipping junk', () => {
    const api = new PublicApi();
    const onOpen = jest.fn();
    api.drain([['on', 'open', onOpen], null, 'open', 42, ['nonsense'], ['open']]);
    const target = { open: jest.fn(() => api.emit('open')), close: jest.fn() };
    api.attach(target);
    expect(target.open).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(() => api.drain('not a queue')).not.toThrow();
  });
});
