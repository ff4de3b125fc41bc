export * from './lib/contact-operations';
export * from './lib/generated/graphql';
export * from './lib/client-edits.service';
export * from './lib/client-timeline.service';
export * from './lib/panel-operations';
export * from './lib/side-panel-layout.store';
export * from './lib/visit-operations';
export * from './lib/visit.store';
