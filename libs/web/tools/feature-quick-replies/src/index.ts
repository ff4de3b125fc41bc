export { QuickRepliesPage } from './lib/quick-replies-page';
