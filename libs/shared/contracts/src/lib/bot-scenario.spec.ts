import { BotButtonAction, normalizeBotScenario, validateBotScenario, type BotScenarioDefinition } from './bot-scenario';

const ok = (): BotScenarioDefinition => ({
  startStepId: 'a',
  closingMessage: ' Bye ',
  steps: [
    { id: 'a', message: 'Hi', buttons: [{ id: 'x', label: ' Next ', action: BotButtonAction.step, targetStepId: 'b' }, { id: 'y', label: 'Human', action: BotButtonAction.operator, targetStepId: 'b' }] },
    // a loop back to the start is allowed
    { id: 'b', message: 'More', buttons: [{ id: 'z', label: 'Back', action: BotButtonAction.step, targetStepId: 'a' }, { id: 'w', label: 'Done', action: BotButtonAction.close }] },
  ],
});
const fields = (name: unknown, d: unknown) => validateBotScenario(name, d).map((e) => e.field);

describe('validateBotScenario (SPEC D2)', () => {
  it('accepts a valid tree and normalizes it (trimmed, only the fields that matter)', () => {
    expect(validateBotScenario('Shop', ok())).toEqual([]);
    const n = normalizeBotScenario(ok());
    expect(n.closingMessage).toBe('Bye');
    expect(n.steps[0].buttons).toEqual([{ id: 'x', label: 'Next', action: 'step', targetStepId: 'b' }, { id: 'y', label: 'Human', action: 'operator' }]);
  });

  it('names every broken field', () => {
    expect(fields('', ok())).toEqual(['name']);
    expect(fields('S', null)).toEqual(['closingMessage', 'steps']);
    expect(fields('S', { ...ok(), startStepId: 'zzz' })).toEqual(['startStepId']);
    const bad = ok();
    bad.steps[0].buttons[0].targetStepId = 'gone';
    bad.steps[1].id = 'a b';
    expect(fields('S', bad)).toEqual(['steps[1].id', 'steps[0].buttons[0].targetStepId']);
    const unreachable = ok();
    unreachable.steps.push({ id: 'c', message: 'Alone', buttons: [] });
    expect(fields('S', unreachable)).toEqual(['steps[2].id']);
    const dup = ok();
    dup.steps[0].buttons[1].id = 'x';
    expect(fields('S', dup)).toEqual(['steps[0].buttons[1].id']);
  });
});
