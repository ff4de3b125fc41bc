export * from './lib/crm.module';
export * from './lib/notes/client-note.object';
export * from './lib/notes/client-notes.service';
export * from './lib/tasks/task.object';
export * from './lib/tasks/tasks.service';
export * from './lib/tasks/task-due-notifier.port';
export * from './lib/tasks/notify-task-due.job';
