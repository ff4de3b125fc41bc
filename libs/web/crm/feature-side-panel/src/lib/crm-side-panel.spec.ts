import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Conversation } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { CrmSidePanel } from './crm-side-panel';
import { DEFAULT_SIDE_PANEL_WIDGETS, orderedWidgets, SIDE_PANEL_WIDGETS, SidePanelWidget } from './side-panel-widgets';

@Component({ selector: 'pl-test-a', template: `<p data-testid="w">a {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class WidgetA {
  readonly conversation = input<Conversation | null>(null);
}
@Component({ selector: 'pl-test-b', template: `<p data-testid="w">b {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class WidgetB {
  readonly conversation = input<Conversation | null>(null);
}
@Component({ selector: 'pl-test-c', template: `<p data-testid="w">c {{ conversation()?.id }}</p>`, changeDetection: ChangeDetectionStrategy.OnPush })
class WidgetC {
  readonly conversation = input<Conversation | null>(null);
}

async function render(widgets: readonly SidePanelWidget[], conversation: Conversation | null) {
  TestBed.configureTestingModule({ providers: [{ provide: SIDE_PANEL_WIDGETS, useValue: widgets }] });
  const fixture = TestBed.createComponent(CrmSidePanel);
  fixture.componentRef.setInput('conversation', conversation);
  await fixture.whenStable();
  const texts = () => [...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="w"]')].map((e) => e.textContent?.trim());
  return { fixture, texts };
}

describe('the CRM side panel registry', () => {
  it('keeps the registry order with the pinned widgets first', () => {
    const list: SidePanelWidget[] = [
      { kind: 'a', component: WidgetA },
      { kind: 'b', component: WidgetB, pinned: true },
      { kind: 'c', component: WidgetC },
    ];
    expect(orderedWidgets(list).map((w) => w.kind)).toEqual(['b', 'a', 'c']);
    expect(orderedWidgets([]).map((w) => w.kind)).toEqual([]);
    expect(list.map((w) => w.kind)).toEqual(['a', 'b', 'c']);
  });

  it('lists today\'s content as widgets: the client basics pinned on top, then owner & tags, the conversation and the timeline', () => {
    expect(orderedWidgets(DEFAULT_SIDE_PANEL_WIDGETS).map((w) => w.kind)).toEqual(['client-basics', 'owner-tags', 'conversation', 'timeline']);
    expect(DEFAULT_SIDE_PANEL_WIDGETS.filter((w) => w.pinned).map((w) => w.kind)).toEqual(['client-basics']);
    expect(new Set(DEFAULT_SIDE_PANEL_WIDGETS.map((w) => w.kind)).size).toBe(DEFAULT_SIDE_PANEL_WIDGETS.length);
  });
});

describe('CrmSidePanel', () => {
  it('renders every widget of the registry in order, pinned first, each with the open conversation', async () => {
    const { fixture, texts } = await render(
      [
        { kind: 'a', component: WidgetA },
        { kind: 'c', component: WidgetC },
        { kind: 'b', component: WidgetB, pinned: true },
      ],
      aConversation({ id: 'c1' }),
    );
    expect(texts()).toEqual(['b c1', 'a c1', 'c c1']);
    fixture.componentRef.setInput('conversation', aConversation({ id: 'c2' }));
    await fixture.whenStable();
    expect(texts()).toEqual(['b c2', 'a c2', 'c c2']);
    // the note about what comes later stays below the widgets
    const panel = (fixture.nativeElement as HTMLElement).querySelector('aside')!;
    expect(panel.lastElementChild?.classList.contains('later')).toBe(true);
  });

  it('adding a widget is adding an entry; an empty registry renders no widget', async () => {
    expect((await render([{ kind: 'a', component: WidgetA }], null)).texts()).toEqual(['a']);
    TestBed.resetTestingModule();
    expect((await render([], null)).texts()).toEqual([]);
  });
});
