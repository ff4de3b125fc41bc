export { ContactPanel } from './lib/contact-panel';
