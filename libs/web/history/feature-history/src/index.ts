export { HistoryPage } from './lib/history-page';
export { TranscriptPage } from './lib/transcript-page';
