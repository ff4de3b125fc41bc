export * from './lib/contact-operations';
