import { AvailabilityService, QueuePosition } from '@parley/api/conversations';
import { EventBus, Topics } from '@parley/api/platform/realtime';
import { AvailabilityFrame, QueuePositionFrame } from '@parley/shared/contracts';
import { ROUTING_REFRESH_DEBOUNCE_MS, RoutingFeed, VisitorRoutingWatch } from './visitor-routing-watch';

/** A bus that keeps handlers per topic, so the test can publish synchronously. */
function fakeBus() {
  const handlers = new Map<string, Set<(e: unknown) => void>>();
  const bus = {
    subscribe: jest.fn(async (topic: string, h: (e: unknown) => void) => {
      if (!handlers.has(topic)) handlers.set(topic, new Set());
      handlers.get(topic)?.add(h);
      return () => handlers.get(topic)?.delete(h);
    }),
    publish: jest.fn(async (topic: string, e: unknown) => handlers.get(topic)?.forEach((h) => h(e))),
  };
  return { bus: bus as unknown as EventBus, handlers, emit: (topic: string) => handlers.get(topic)?.forEach((h) => h({})) };
}

function fakeAvailability(state: { available: Map<string | null, boolean>; queue: Map<string, QueuePosition> }) {
  return {
    isAvailable: jest.fn(async (_ws: string, g: string | null) => state.available.get(g) ?? false),
    availableGroups: jest.fn(async (_ws: string, groups: ReadonlyArray<string | null>) => new Map(groups.map((g) => [g, state.available.get(g) ?? false]))),
    queuePosition: jest.fn(async (_ws: string, id: string) => state.queue.get(id) ?? { position: null, etaSeconds: null }),
    queuePositions: jest.fn(async (_ws: string, ids: readonly string[]) => new Map(ids.map((id) => [id, state.queue.get(id) ?? { position: null, etaSeconds: null, groupId: null }]))),
  };
}

describe('RoutingFeed (routing for every widget of a workspace at once)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('recomputes once per workspace after a burst of events, however many widgets watch, and sends only changes', async () => {
    const state = { available: new Map<string | null, boolean>([[null, true], ['sales', true]]), queue: new Map<string, QueuePosition>() };
    const availability = fakeAvailability(state);
    const { bus, emit, handlers } = fakeBus();
    const feed = new RoutingFeed(availability as unknown as AvailabilityService, bus);
    const frames: Array<Array<AvailabilityFrame | QueuePositionFrame>> = [];
    const watches = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const sent: Array<AvailabilityFrame | QueuePositionFrame> = [];
        frames.push(sent);
        const w = new VisitorRoutingWatch(feed, availability as unknown as AvailabilityService, 'ws-1', i % 2 ? 'sales' : null, (f) => sent.push(f));
        expect(await w.start(null)).toBe(true);
        return w;
      }),
    );
    expect(bus.subscribe).toHaveBeenCalledTimes(2); // operators + inbox topics, once for the workspace

    state.available.set('sales', false);
    for (let i = 0; i < 20; i++) emit(Topics.inbox('ws-1'));
    emit(Topics.operators('ws-1'));
    await jest.advanceTimersByTimeAsync(ROUTING_REFRESH_DEBOUNCE_MS + 1);
    expect(availability.availableGroups).toHaveBeenCalledTimes(1);
    expect(availability.availableGroups.mock.calls[0][1]).toHaveLength(50);
    frames.forEach((sent, i) => expect(sent).toEqual(i % 2 ? [{ type: 'availability', available: false }] : []));

    // nothing changed: no new frames
    emit(Topics.inbox('ws-1'));
    await jest.advanceTimersByTimeAsync(ROUTING_REFRESH_DEBOUNCE_MS + 1);
    expect(frames.flat()).toHaveLength(25);

    // the last widget leaving unsubscribes the workspace
    watches.forEach((w) => w.stop());
    await jest.advanceTimersByTimeAsync(0);
    expect([...handlers.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('tells a waiting visitor their place in the queue as it moves, once per change', async () => {
    const state = { available: new Map<string | null, boolean>([[null, true]]), queue: new Map<string, QueuePosition>([['c-1', { position: 3, etaSeconds: 180, groupId: null }]]) };
    const availability = fakeAvailability(state);
    const { bus, emit } = fakeBus();
    const feed = new RoutingFeed(availability as unknown as AvailabilityService, bus);
    const sent: Array<AvailabilityFrame | QueuePositionFrame> = [];
    const w = new VisitorRoutingWatch(feed, availability as unknown as AvailabilityService, 'ws-1', null, (f) => sent.push(f));
    await w.start(null);
    await w.follow({ id: 'c-1', groupId: null });
    expect(sent).toEqual([{ type: 'queue', position: 3, etaSeconds: 180 }]);

    state.queue.set('c-1', { position: 2, etaSeconds: 120, groupId: null });
    emit(Topics.inbox('ws-1'));
    await jest.advanceTimersByTimeAsync(ROUTING_REFRESH_DEBOUNCE_MS + 1);
    state.queue.set('c-1', { position: null, etaSeconds: null, groupId: null });
    emit(Topics.inbox('ws-1'));
    await jest.advanceTimersByTimeAsync(ROUTING_REFRESH_DEBOUNCE_MS + 1);
    expect(sent).toEqual([
      { type: 'queue', position: 3, etaSeconds: 180 },
      { type: 'queue', position: 2, etaSeconds: 120 },
      { type: 'queue', position: null, etaSeconds: null },
    ]);
    w.stop();
    emit(Topics.inbox('ws-1'));
    await jest.advanceTimersByTimeAsync(ROUTING_REFRESH_DEBOUNCE_MS + 1);
    expect(sent).toHaveLength(3);
  });
});
