/** Every keyboard shortcut of the operator app, listed by the `?` overlay (one source of truth). */
export interface Shortcut {
  keys: string[];
  action: string;
  where: 'Anywhere' | 'Conversation list' | 'Composer';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['?'], action: 'Show this list of shortcuts', where: 'Anywhere' },
  { keys: ['/'], action: 'Search messages and contacts', where: 'Anywhere' },
  { keys: ['j', 'k'], action: 'Jump into the conversation list', where: 'Anywhere' },
  { keys: ['r'], action: 'Reply: focus the composer', where: 'Anywhere' },
  { keys: ['j', '↓'], action: 'Next conversation', where: 'Conversation list' },
  { keys: ['k', '↑'], action: 'Previous conversation', where: 'Conversation list' },
  { keys: ['Home', 'End'], action: 'First / last conversation', where: 'Conversation list' },
  { keys: ['Enter'], action: 'Open the conversation', where: 'Conversation list' },
  { keys: ['x'], action: 'Select / unselect for a bulk action', where: 'Conversation list' },
  { keys: ['c'], action: 'Close the selected (or current) conversations', where: 'Conversation list' },
  { keys: ['a'], action: 'Assign the selected (or current) conversations to me', where: 'Conversation list' },
  { keys: ['s'], action: 'Snooze the selected (or current) conversations for an hour', where: 'Conversation list' },
  { keys: ['Esc'], action: 'Clear the selection', where: 'Conversation list' },
  { keys: ['Enter'], action: 'Send', where: 'Composer' },
  { keys: ['Shift', 'Enter'], action: 'New line', where: 'Composer' },
  { keys: ['Esc'], action: 'Back to the conversation list', where: 'Composer' },
  { keys: ['↑'], action: 'Edit your last message (in the empty reply box); Enter saves, Esc cancels', where: 'Composer' },
];

/** One hour from `now`: what `s` snoozes for. */
export const SNOOZE_SHORTCUT_MS = 3_600_000;
