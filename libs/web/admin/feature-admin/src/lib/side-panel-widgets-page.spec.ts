import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { SidePanelWidgetsPage } from './side-panel-widgets-page';

const layout = (disabledKinds: string[]) => ({
  widgets: ['client-basics', 'owner-tags', 'conversation', 'timeline'].filter((k) => !disabledKinds.includes(k)).map((kind) => ({ kind, hidden: false, collapsed: false })),
  disabledKinds,
});

async function render(onDisable: (kinds: string[]) => unknown) {
  const calls: string[][] = [];
  const request = jest.fn(async (document: unknown, variables?: { input: { disabledKinds: string[] } }) => {
    if (String(document).includes('setSidePanelWidgetsDisabled')) {
      calls.push(variables!.input.disabledKinds);
      return { setSidePanelWidgetsDisabled: await onDisable(variables!.input.disabledKinds) };
    }
    return { sidePanelLayout: layout(['timeline']) };
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: () => () => undefined } },
      { provide: SessionStore, useValue: { isAuthenticated: signal(true), onEnd: () => () => undefined } },
    ],
  });
  const fixture = TestBed.createComponent(SidePanelWidgetsPage);
  await fixture.whenStable();
  await new Promise((r) => setTimeout(r));
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const input = (kind: string) => el.querySelector<HTMLButtonElement>(`[data-testid="widget-enabled-${kind}"] button`)!;
  const settle = async () => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  return { el, input, calls, settle };
}

describe('SidePanelWidgetsPage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows every widget with what the workspace disabled, the client card always on', async () => {
    const { input } = await render(async (kinds) => layout(kinds));
    expect(input('timeline').getAttribute('aria-checked')).toBe('false');
    expect(input('owner-tags').getAttribute('aria-checked')).toBe('true');
    expect(input('client-basics').disabled).toBe(true);
  });

  it('disables and enables a widget for everyone', async () => {
    const { el, input, calls, settle } = await render(async (kinds) => layout(kinds));
    input('conversation').click();
    await settle();
    expect(calls.at(-1)?.sort()).toEqual(['conversation', 'timeline']);
    expect(el.querySelector('[data-testid="widgets-saved"]')).not.toBeNull();
    input('timeline').click();
    await settle();
    expect(calls.at(-1)).toEqual(['conversation']);
    expect(input('timeline').getAttribute('aria-checked')).toBe('true');
  });

  it('says why a change was refused and shows the stored state again', async () => {
    const { el, input, settle } = await render(async () => {
      throw new GraphqlRequestError('FORBIDDEN', 'Only admins can do this');
    });
    input('owner-tags').click();
    await settle();
    expect(el.querySelector('[data-testid="widgets-error"]')?.textContent).toContain('You do not have permission');
    expect(input('owner-tags').getAttribute('aria-checked')).toBe('true');
  });
});
