import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { validateBotScenario } from '@parley/shared/contracts';
import { addButton, addStep, draftOf, newScenarioDraft, removeStep, ScenarioDraft, toScenarioInput } from '@parley/web/admin/data-access';
import { BotScenarioEditor } from './bot-scenario-editor';

async function render(scenario: ScenarioDraft, serverErrors: Record<string, string> = {}) {
  TestBed.configureTestingModule({ providers: [provideNoopAnimations()] });
  const fixture = TestBed.createComponent(BotScenarioEditor);
  fixture.componentRef.setInput('scenario', scenario);
  fixture.componentRef.setInput('serverErrors', serverErrors);
  const saved: Array<Record<string, unknown>> = [];
  fixture.componentInstance.save.subscribe((v: Record<string, unknown>) => saved.push(v));
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const $ = <T extends Element = HTMLElement>(testId: string) => el.querySelector(`[data-testid="${testId}"]`) as T | null;
  const type = async (testId: string, value: string) => {
    const input = $<HTMLInputElement>(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const click = async (testId: string) => {
    ($<HTMLButtonElement>(testId) as HTMLButtonElement).click();
    await fixture.whenStable();
  };
  return { fixture, el, $, type, click, saved };
}

describe('bot scenario draft (pure)', () => {
  it('round-trips a scenario and builds a valid input', () => {
    const d = newScenarioDraft();
    d.name = 'Shop';
    d.steps[0].message = 'Hi!';
    addButton(d.steps[0]);
    d.steps[0].buttons[0].label = 'Delivery?';
    const second = addStep(d);
    d.steps[1].message = 'Free from 50 €';
    d.steps[0].buttons[0].target = `step:${second}`;
    const input = toScenarioInput(d);
    expect(validateBotScenario(input['name'], input)).toEqual([]);
    expect(input).toMatchObject({ name: 'Shop', startStepId: 'step-1', steps: [{ id: 'step-1', buttons: [{ id: 'answer-1', action: 'step', targetStepId: 'step-2' }] }, { id: 'step-2', buttons: [] }] });
    const back = draftOf({ id: 'x', ...(input as object) } as Parameters<typeof draftOf>[0]);
    expect(back.steps[0].buttons[0].target).toBe('step:step-2');
  });

  it('removing a step clears the answers that led to it (the editor then asks for a target)', () => {
    const d = newScenarioDraft();
    addButton(d.steps[0]);
    const id = addStep(d);
    d.steps[0].buttons[0].target = `step:${id}`;
    removeStep(d, id);
    expect(d.steps).toHaveLength(1);
    expect(d.steps[0].buttons[0].target).toBe('');
    removeStep(d, 'step-1'); // the last step stays
    expect(d.steps).toHaveLength(1);
  });
});

describe('BotScenarioEditor', () => {
  it('shows field errors for an empty scenario and does not save', async () => {
    const { click, el, saved, $ } = await render(newScenarioDraft());
    await click('bot-save');
    expect(saved).toEqual([]);
    expect($('bot-errors')?.textContent).toContain('Fix the marked fields');
    expect(el.textContent).toContain('Give the scenario a name');
    expect(el.textContent).toContain('Write the message the bot sends');
  });

  it('builds a scenario: message, an answer handing over to an operator, saved with the input', async () => {
    const { type, click, saved, $ } = await render(newScenarioDraft());
    await type('bot-name', 'Greeter');
    await type('bot-message-0', 'Hello! How can we help?');
    await click('bot-add-answer-0');
    expect($('bot-answer-0-0')).not.toBeNull();
    await type('bot-label-0-0', 'Talk to an operator');
    await click('bot-add-step');
    expect($('bot-step-1')).not.toBeNull();
    await type('bot-message-1', 'A spare step');
    // the new step is not reachable yet: the server rule is checked here too
    await click('bot-save');
    expect(saved).toEqual([]);
    expect($('bot-step-1')?.textContent).toContain('No answer leads to this step');
    await click('bot-remove-step-1');
    await click('bot-save');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      name: 'Greeter',
      startStepId: 'step-1',
      steps: [{ id: 'step-1', message: 'Hello! How can we help?', buttons: [{ id: 'answer-1', label: 'Talk to an operator', action: 'operator' }] }],
    });
  });

  it('shows the server’s field errors', async () => {
    const d = newScenarioDraft();
    d.name = 'Taken';
    d.steps[0].message = 'Hi';
    const { el } = await render(d, { 'steps[0].message': 'At most 1000 characters' });
    expect(el.textContent).toContain('At most 1000 characters');
  });
});
