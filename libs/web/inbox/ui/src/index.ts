export * from './lib/attachments/message-attachments';
export * from './lib/contact-avatar';
