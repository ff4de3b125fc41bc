export * from './lib/whatsapp-settings';
export * from './lib/graph-api.client';
export * from './lib/whatsapp-webhook';
export * from './lib/whatsapp.adapter';
export * from './lib/whatsapp-templates';
export * from './lib/whatsapp-templates.service';
export * from './lib/whatsapp-templates.resolver';
export * from './lib/whatsapp-template-sync.job';
// the fake Graph API of the tests (the API's integration specs start it); nothing in production uses it
export * from './testing/fake-whatsapp';
