import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Permission, SIDE_PANEL_WIDGET_KINDS } from '@parley/shared/contracts';
import { SidePanelLayoutStore } from '@parley/web/crm/data-access';
import { ApiClient, Conversation, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { CrmSidePanel } from './crm-side-panel';
import { DEFAULT_SIDE_PANEL_WIDGETS, orderedWidgets, SIDE_PANEL_WIDGETS, SidePanelWidget } from './side-panel-widgets';

@Component({ selector: 'pl-test-a', template: `<p data-testid="w">client {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class Basics {
  readonly conversation = input<Conversation | null>(null);
}
@Component({ selector: 'pl-test-b', template: `<p data-testid="w">tags {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class Tags {
  readonly conversation = input<Conversation | null>(null);
}
@Component({ selector: 'pl-test-c', template: `<p data-testid="w">info {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class Info {
  readonly conversation = input<Conversation | null>(null);
}
@Component({ selector: 'pl-test-d', template: `<p data-testid="w">timeline {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class Timeline {
  readonly conversation = input<Conversation | null>(null);
}

const REGISTRY: SidePanelWidget[] = [
  { kind: 'owner-tags', component: Tags },
  { kind: 'client-basics', component: Basics },
  { kind: 'conversation', component: Info },
  { kind: 'timeline', component: Timeline },
];

type State = { kind: string; hidden?: boolean; collapsed?: boolean };
const layout = (widgets: State[], disabledKinds: string[] = []) => ({
  widgets: [{ kind: 'client-basics', hidden: false, collapsed: false }, ...widgets.map((w) => ({ hidden: false, collapsed: false, ...w }))],
  disabledKinds,
});

/** The panel with a fake API: `saved` is the layout the server answers first; `onSave` decides each save. */
async function render(
  saved = layout([{ kind: 'owner-tags' }, { kind: 'conversation' }, { kind: 'timeline' }]),
  onSave?: (input: { widgets: State[] }) => unknown,
  opts: { registry?: SidePanelWidget[]; permissions?: Permission[] } = {},
) {
  const saves: Array<{ widgets: State[] }> = [];
  let live: ((data: unknown) => void) | null = null;
  const request = jest.fn(async (document: unknown, variables?: { input: { widgets: State[] } }) => {
    const query = String(document);
    if (query.includes('saveSidePanelLayout')) {
      saves.push(variables!.input);
      if (onSave) return { saveSidePanelLayout: await onSave(variables!.input) };
      return { saveSidePanelLayout: layout(variables!.input.widgets) };
    }
    return { sidePanelLayout: saved };
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: SIDE_PANEL_WIDGETS, useValue: opts.registry ?? REGISTRY },
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: jest.fn((_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => undefined)) } },
      { provide: SessionStore, useValue: { isAuthenticated: signal(true), permissions: signal(new Set(opts.permissions ?? [])), onEnd: () => () => undefined } },
    ],
  });
  const fixture = TestBed.createComponent(CrmSidePanel);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1' }));
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const texts = () => [...el.querySelectorAll('[data-testid="w"]')].map((e) => e.textContent?.trim());
  const frames = () => [...el.querySelectorAll<HTMLElement>('[data-testid="panel-widget"]')];
  const frame = (kind: string) => el.querySelector<HTMLElement>(`[data-testid="panel-widget"][data-widget="${kind}"]`)!;
  const settle = async () => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  return { fixture, el, texts, frames, frame, saves, request, settle, push: (data: unknown) => live?.(data), store: TestBed.inject(SidePanelLayoutStore) };
}

describe('the CRM side panel registry', () => {
  it('puts the pinned client card first, the rest in registry order', () => {
    expect(orderedWidgets(REGISTRY).map((w) => w.kind)).toEqual(['client-basics', 'owner-tags', 'conversation', 'timeline']);
    expect(orderedWidgets([]).map((w) => w.kind)).toEqual([]);
  });

  it('has a component for every widget of the shared catalog and no kind the API would refuse', () => {
    expect(orderedWidgets(DEFAULT_SIDE_PANEL_WIDGETS).map((w) => w.kind)).toEqual([...SIDE_PANEL_WIDGET_KINDS]);
    expect(new Set(DEFAULT_SIDE_PANEL_WIDGETS.map((w) => w.kind)).size).toBe(DEFAULT_SIDE_PANEL_WIDGETS.length);
  });
});

describe('CrmSidePanel', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('leaves out a widget that requires a right the operator lacks (Tasks without "See tasks")', async () => {
    const registry: SidePanelWidget[] = [...REGISTRY, { kind: 'tasks', component: Timeline, requires: Permission.see_tasks }];
    const saved = layout([{ kind: 'owner-tags' }, { kind: 'tasks' }, { kind: 'conversation' }]);
    const without = await render(saved, undefined, { registry, permissions: [Permission.edit_clients] });
    expect(without.frames().map((f) => f.dataset['widget'])).toEqual(['owner-tags', 'conversation']);
    expect(without.el.querySelector('[data-testid="hidden-widgets"]')).toBeNull();
    TestBed.resetTestingModule();
    const holder = await render(saved, undefined, { registry, permissions: [Permission.see_tasks] });
    expect(holder.frames().map((f) => f.dataset['widget'])).toEqual(['owner-tags', 'tasks', 'conversation']);
  });

  it('shows the operator’s saved order, the client card pinned on top, each widget with the open conversation', async () => {
    const { fixture, texts, settle } = await render(layout([{ kind: 'timeline' }, { kind: 'owner-tags' }, { kind: 'conversation' }]));
    await settle();
    expect(texts()).toEqual(['client c1', 'timeline c1', 'tags c1', 'info c1']);
    fixture.componentRef.setInput('conversation', aConversation({ id: 'c2' }));
    await fixture.whenStable();
    expect(texts()).toEqual(['client c2', 'timeline c2', 'tags c2', 'info c2']);
  });

  it('collapses a widget to its title and hides another, saving both for the operator', async () => {
    const { el, texts, frame, saves, settle } = await render();
    await settle();
    frame('conversation').querySelector<HTMLButtonElement>('[data-testid="widget-collapse"]')!.click();
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1', 'timeline c1']);
    expect(frame('conversation').querySelector('h3')?.textContent?.trim()).toBe('Conversation');
    expect(frame('conversation').querySelector('[data-testid="widget-collapse"]')?.getAttribute('aria-expanded')).toBe('false');
    expect(saves.at(-1)).toEqual({ widgets: [{ kind: 'owner-tags', hidden: false, collapsed: false }, { kind: 'conversation', hidden: false, collapsed: true }, { kind: 'timeline', hidden: false, collapsed: false }] });

    frame('timeline').querySelector<HTMLButtonElement>('[data-testid="widget-hide"]')!.click();
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1']);
    expect(saves.at(-1)?.widgets.find((w) => w.kind === 'timeline')).toEqual({ kind: 'timeline', hidden: true, collapsed: false });
    // a hidden widget comes back from the menu
    (el.querySelector('[data-testid="hidden-widgets"]') as HTMLButtonElement).click();
    await settle();
    (document.querySelector('[data-testid="show-widget-timeline"]') as HTMLButtonElement).click();
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1', 'timeline c1']);
    expect(el.querySelector('[data-testid="hidden-widgets"]')).toBeNull();
  });

  it('moves a widget with Alt+arrows on its handle, skipping hidden ones, and keeps the handle focused', async () => {
    const { frames, frame, saves, settle, texts } = await render(layout([{ kind: 'owner-tags' }, { kind: 'timeline', hidden: true }, { kind: 'conversation' }]));
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1', 'info c1']);
    const handle = frame('owner-tags').querySelector<HTMLButtonElement>('[data-testid="widget-handle"]')!;
    handle.focus();
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }));
    await settle();
    expect(frames().map((f) => f.dataset['widget'])).toEqual(['conversation', 'owner-tags']);
    // the hidden timeline keeps its place in the saved order
    expect(saves.at(-1)?.widgets.map((w) => w.kind)).toEqual(['timeline', 'conversation', 'owner-tags']);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('widget-handle');
    expect(document.activeElement?.closest('[data-widget]')?.getAttribute('data-widget')).toBe('owner-tags');
    // at the bottom already: nothing moves, nothing is saved
    const count = saves.length;
    frame('owner-tags').querySelector('[data-testid="widget-handle"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }));
    await settle();
    expect(saves.length).toBe(count);
  });

  it('puts the layout back and says why when the server refuses a save', async () => {
    const { el, frames, frame, settle } = await render(undefined, async () => {
      throw new GraphqlRequestError('BAD_USER_INPUT', 'There is no side panel widget "x"');
    });
    await settle();
    frame('owner-tags').querySelector('[data-testid="widget-handle"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }));
    await settle();
    expect(frames().map((f) => f.dataset['widget'])).toEqual(['owner-tags', 'conversation', 'timeline']);
    expect(el.querySelector('[data-testid="panel-layout-error"]')?.textContent).toContain('was not saved');
  });

  it('drops a widget an admin disabled, live, and brings it back when enabled', async () => {
    const { texts, settle, push } = await render();
    await settle();
    push({ sidePanelLayoutChanged: layout([{ kind: 'owner-tags' }, { kind: 'timeline' }], ['conversation']) });
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1', 'timeline c1']);
    push({ sidePanelLayoutChanged: layout([{ kind: 'owner-tags' }, { kind: 'timeline' }, { kind: 'conversation' }], []) });
    await settle();
    expect(texts()).toEqual(['client c1', 'tags c1', 'timeline c1', 'info c1']);
  });

  it('shows the default order when the layout cannot be loaded, with the reason', async () => {
    const request = jest.fn(async () => {
      throw new GraphqlRequestError('INTERNAL', 'Something went wrong');
    });
    TestBed.configureTestingModule({
      providers: [
        { provide: SIDE_PANEL_WIDGETS, useValue: REGISTRY },
        { provide: ApiClient, useValue: { request } },
        { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: () => () => undefined } },
        { provide: SessionStore, useValue: { isAuthenticated: signal(true), permissions: signal(new Set()), onEnd: () => () => undefined } },
      ],
    });
    const fixture = TestBed.createComponent(CrmSidePanel);
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect([...el.querySelectorAll('[data-testid="w"]')].map((e) => e.textContent?.trim())).toEqual(['client', 'tags', 'info', 'timeline']);
    expect(el.querySelector('[data-testid="panel-layout-error"]')?.textContent).toContain('could not be loaded');
  });
});
