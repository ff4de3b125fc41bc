export { InboxList } from './lib/inbox-list';
export { ShortcutsHelp } from './lib/shortcuts-help';
