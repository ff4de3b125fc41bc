export * from './lib/crm.module';
export * from './lib/notes/client-note.object';
export * from './lib/notes/client-notes.service';
