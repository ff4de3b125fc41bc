import { BotButtonAction, BotScenarioDefinition } from '@parley/shared/contracts';

const SCENARIO_FIELDS = `id name startStepId closingMessage updatedAt steps { id message buttons { id label action targetStepId } }`;
export const BOT_SCENARIOS = `query BotScenarios { botScenarios { ${SCENARIO_FIELDS} } }`;
export const SAVE_BOT_SCENARIO = `mutation SaveBotScenario($input: SaveBotScenarioInput!) { saveBotScenario(input: $input) { ${SCENARIO_FIELDS} } }`;
export const DELETE_BOT_SCENARIO = `mutation DeleteBotScenario($id: ID!) { deleteBotScenario(id: $id) }`;
export const BOT_SCENARIO_NAMES = `query BotScenarioNames { botScenarios { id name } }`;

export interface BotScenario extends BotScenarioDefinition {
  id: string;
  name: string;
  updatedAt?: string;
}

/** Where an answer button leads, as the editor's select holds it: `step:<id>`, `operator`, `close`, or '' (not chosen). */
export type ButtonTarget = string;

export interface ButtonDraft {
  id: string;
  label: string;
  target: ButtonTarget;
}

export interface StepDraft {
  id: string;
  message: string;
  buttons: ButtonDraft[];
}

export interface ScenarioDraft {
  id: string | null;
  name: string;
  startStepId: string;
  closingMessage: string;
  steps: StepDraft[];
}

export const DEFAULT_CLOSING_MESSAGE = 'Thank you! Write to us any time.';

/** A fresh id like `step-3` not used yet. */
export function nextId(prefix: string, used: readonly string[]): string {
  let n = used.length + 1;
  while (used.includes(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

export function newScenarioDraft(): ScenarioDraft {
  return { id: null, name: '', startStepId: 'step-1', closingMessage: DEFAULT_CLOSING_MESSAGE, steps: [{ id: 'step-1', message: '', buttons: [] }] };
}

export function draftOf(s: BotScenario): ScenarioDraft {
  return {
    id: s.id,
    name: s.name,
    startStepId: s.startStepId,
    closingMessage: s.closingMessage,
    steps: s.steps.map((step) => ({
      id: step.id,
      message: step.message,
      buttons: step.buttons.map((b) => ({ id: b.id, label: b.label, target: b.action === BotButtonAction.step ? `step:${b.targetStepId ?? ''}` : b.action })),
    })),
  };
}

/** The mutation input (ids kept, so a conversation waiting at a step keeps its place after an edit). */
export function toScenarioInput(d: ScenarioDraft): Record<string, unknown> {
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    startStepId: d.startStepId,
    closingMessage: d.closingMessage,
    steps: d.steps.map((s) => ({
      id: s.id,
      message: s.message,
      buttons: s.buttons.map((b) => {
        if (b.target.startsWith('step:')) return { id: b.id, label: b.label, action: BotButtonAction.step, targetStepId: b.target.slice(5) };
        return { id: b.id, label: b.label, action: b.target || '' };
      }),
    })),
  };
}

/** A deep copy the form may change freely. */
export function cloneDraft(d: ScenarioDraft): ScenarioDraft {
  return { ...d, steps: d.steps.map((s) => ({ ...s, buttons: s.buttons.map((b) => ({ ...b })) })) };
}

/** Adds a step and returns its id. */
export function addStep(d: ScenarioDraft): string {
  const id = nextId('step', d.steps.map((s) => s.id));
  d.steps.push({ id, message: '', buttons: [] });
  return id;
}

/** Removes a step; answers that led to it must be pointed elsewhere (their target is cleared). */
export function removeStep(d: ScenarioDraft, stepId: string): void {
  if (d.steps.length <= 1) return;
  d.steps = d.steps.filter((s) => s.id !== stepId);
  for (const s of d.steps) for (const b of s.buttons) if (b.target === `step:${stepId}`) b.target = '';
  if (d.startStepId === stepId) d.startStepId = d.steps[0].id;
}

export function addButton(step: StepDraft): void {
  step.buttons.push({ id: nextId('answer', step.buttons.map((b) => b.id)), label: '', target: 'operator' });
}

/** "Step 2 · Delivery is free…" for the target select. */
export function stepLabel(d: ScenarioDraft, stepId: string): string {
  const i = d.steps.findIndex((s) => s.id === stepId);
  const step = d.steps[i];
  if (!step) return stepId;
  const text = step.message.trim();
  return `Step ${i + 1}${text ? ` · ${text.length > 40 ? `${text.slice(0, 40)}…` : text}` : ''}`;
}
