export * from './lib/contact.entity';
export * from './lib/contact.object';
export * from './lib/contacts.service';
export * from './lib/contacts.module';
export * from './lib/tags/tag.object';
export * from './lib/tags/tags.service';
export * from './lib/identities/contact-channel-identity.entity';
export * from './lib/identities/contact-identities.service';
