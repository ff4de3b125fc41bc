/**
 * SPEC D2 / C9: bot scenarios. A scenario is a tree of steps: the bot writes a step's message and
 * offers its answer buttons; a button leads to another step, hands the chat over to an operator
 * (the queue), or closes it with the scenario's closing message. A step without buttons ends the
 * scenario (its message, then the closing message, then the chat closes). Validated by the API;
 * the admin editor runs the same rules to show field errors before saving.
 */

export enum BotButtonAction {
  /** Go to `targetStepId`. */
  step = 'step',
  /** Hand the chat over to the operators' queue (routing decides who gets it). */
  operator = 'operator',
  /** Send the closing message and close the chat. */
  close = 'close',
}

export interface BotButton {
  id: string;
  label: string;
  action: BotButtonAction;
  /** Set when action = step. */
  targetStepId?: string | null;
}

export interface BotStep {
  id: string;
  message: string;
  buttons: BotButton[];
}

export interface BotScenarioDefinition {
  startStepId: string;
  /** Sent when the scenario ends or a "close" button is chosen; empty = close without a message. */
  closingMessage: string;
  steps: BotStep[];
}

export const BOT_SCENARIO_NAME_MAX = 80;
export const BOT_STEPS_MAX = 50;
export const BOT_BUTTONS_MAX = 6;
export const BOT_MESSAGE_MAX = 1000;
export const BOT_LABEL_MAX = 60;
export const BOT_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const BOT_SCENARIOS_MAX = 100;
/** The author name of the bot's messages in both threads. */
export const BOT_AUTHOR_NAME = 'Bot';

export interface BotFieldError {
  /** e.g. `name`, `startStepId`, `steps[2].message`, `steps[0].buttons[1].targetStepId`. */
  field: string;
  message: string;
}

/** Every rule a scenario must pass; an empty list means valid. */
export function validateBotScenario(name: unknown, d: unknown): BotFieldError[] {
  const errors: BotFieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (typeof name !== 'string' || !name.trim()) err('name', 'Give the scenario a name');
  else if (name.trim().length > BOT_SCENARIO_NAME_MAX) err('name', `At most ${BOT_SCENARIO_NAME_MAX} characters`);
  const def = (d ?? {}) as Partial<BotScenarioDefinition>;
  if (typeof def.closingMessage !== 'string') err('closingMessage', 'Must be text (may be empty)');
  else if (def.closingMessage.length > BOT_MESSAGE_MAX) err('closingMessage', `At most ${BOT_MESSAGE_MAX} characters`);
  const steps = Array.isArray(def.steps) ? def.steps : null;
  if (!steps || steps.length === 0) {
    err('steps', 'Add at least the start step');
    return errors;
  }
  if (steps.length > BOT_STEPS_MAX) {
    err('steps', `At most ${BOT_STEPS_MAX} steps`);
    return errors;
  }
  const ids = new Set<string>();
  steps.forEach((s, i) => {
    const id = (s as BotStep | null)?.id;
    if (typeof id !== 'string' || !BOT_ID_PATTERN.test(id)) err(`steps[${i}].id`, 'Step ids are 1–40 letters, digits, - or _');
    else if (ids.has(id)) err(`steps[${i}].id`, 'Two steps have this id');
    else ids.add(id);
  });
  steps.forEach((s, i) => {
    const step = (s ?? {}) as Partial<BotStep>;
    if (typeof step.message !== 'string' || !step.message.trim()) err(`steps[${i}].message`, 'Write the message the bot sends');
    else if (step.message.length > BOT_MESSAGE_MAX) err(`steps[${i}].message`, `At most ${BOT_MESSAGE_MAX} characters`);
    if (!Array.isArray(step.buttons)) {
      err(`steps[${i}].buttons`, 'Must be a list (may be empty)');
      return;
    }
    if (step.buttons.length > BOT_BUTTONS_MAX) {
      err(`steps[${i}].buttons`, `At most ${BOT_BUTTONS_MAX} answer buttons`);
      return;
    }
    const buttonIds = new Set<string>();
    step.buttons.forEach((b, j) => {
      const f = `steps[${i}].buttons[${j}]`;
      const button = (b ?? {}) as Partial<BotButton>;
      if (typeof button.id !== 'string' || !BOT_ID_PATTERN.test(button.id)) err(`${f}.id`, 'Button ids are 1–40 letters, digits, - or _');
      else if (buttonIds.has(button.id)) err(`${f}.id`, 'Two buttons of this step have this id');
      else buttonIds.add(button.id);
      if (typeof button.label !== 'string' || !button.label.trim()) err(`${f}.label`, 'Write the answer the visitor clicks');
      else if (button.label.length > BOT_LABEL_MAX) err(`${f}.label`, `At most ${BOT_LABEL_MAX} characters`);
      if (!Object.values(BotButtonAction).includes(button.action as BotButtonAction)) err(`${f}.action`, 'Choose what the answer does');
      else if (button.action === BotButtonAction.step) {
        if (typeof button.targetStepId !== 'string' || !ids.has(button.targetStepId)) err(`${f}.targetStepId`, 'Choose an existing step');
      }
    });
  });
  if (typeof def.startStepId !== 'string' || !ids.has(def.startStepId)) {
    err('startStepId', 'Choose the start step');
    return errors;
  }
  if (errors.length) return errors;
  // every step must be reachable from the start step
  const byId = new Map(steps.map((s) => [s.id, s]));
  const seen = new Set<string>([def.startStepId]);
  const todo = [def.startStepId];
  while (todo.length) {
    const step = byId.get(todo.pop() as string);
    for (const b of step?.buttons ?? []) {
      if (b.action === BotButtonAction.step && b.targetStepId && !seen.has(b.targetStepId)) {
        seen.add(b.targetStepId);
        todo.push(b.targetStepId);
      }
    }
  }
  steps.forEach((s, i) => {
    if (!seen.has(s.id)) err(`steps[${i}].id`, 'No answer leads to this step: link it or remove it');
  });
  return errors;
}

/** The definition as stored: trimmed labels, only the known fields. Call after validation. */
export function normalizeBotScenario(d: BotScenarioDefinition): BotScenarioDefinition {
  return {
    startStepId: d.startStepId,
    closingMessage: d.closingMessage.trim(),
    steps: d.steps.map((s) => ({
      id: s.id,
      message: s.message.trim(),
      buttons: s.buttons.map((b) => ({ id: b.id, label: b.label.trim(), action: b.action, ...(b.action === BotButtonAction.step ? { targetStepId: b.targetStepId } : {}) })),
    })),
  };
}
